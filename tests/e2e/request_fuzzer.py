"""A seeded generator of hostile request bodies for every RPC of the five services.

Three kinds, each as the bytes a client would send:

* **random**: every field of the request type filled or not at random, with values a
  careless or hostile client sends (extreme integers, NaN, NUL characters, long strings,
  Timestamps past year 9999, durations of centuries, unknown enum numbers);
* **mutated**: a valid request (see `fuzz_seeds`) with one to three fields, possibly deep
  inside, replaced by such a value;
* **unparsable**: a valid request cut short, a string field holding invalid UTF-8, or
  random bytes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from google.protobuf.message import Message

from omniroute.v1 import (
    customer_service_pb2,
    inventory_service_pb2,
    order_service_pb2,
    promotion_service_pb2,
    return_service_pb2,
)

SERVICE_MODULES = (
    inventory_service_pb2,
    order_service_pb2,
    return_service_pb2,
    customer_service_pb2,
    promotion_service_pb2,
)

F = FieldDescriptor
INT64_VALUES = [
    0,
    1,
    -1,
    2,
    3,
    10**6,
    10**6 + 1,
    2**31 - 1,
    2**31,
    2**53,
    2**62,
    2**63 - 1,
    -(2**63),
]
INT32_VALUES = [0, 1, -1, 2, 7, 10_000, 2**31 - 1, -(2**31)]
DOUBLE_VALUES = [0.0, 52.52, 13.405, -0.0, 5.0, -91.0, 181.0, 1e308, -1e308, 1e-320]
SPECIAL_DOUBLES = [float("nan"), float("inf"), float("-inf")]
TIMESTAMPS = [
    (1_767_225_600, 0),  # 2026-01-01
    (253_402_300_800, 0),  # 10000-01-01: past year 9999
    (-62_135_596_801, 0),  # before year 1
    (2**62, 0),
    (1_767_225_600, 1_000_000_000),  # nanos out of range
    (1_767_225_600, -1),
    (0, 0),
]
DURATIONS = [
    (900, 0),
    (317 * 365 * 86_400, 0),  # 317 years
    (-60, 0),
    (60, 1_000_000_000),
    (60, -5),
    (315_576_000_001, 0),  # past Duration's own range
    (2**62, 0),
    (0, 0),
]


@dataclass(frozen=True)
class Rpc:
    """One RPC: its full method path, request type and streaming shape."""

    path: str
    request_type: type[Message]
    client_streaming: bool
    server_streaming: bool

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def all_rpcs() -> list[Rpc]:
    """Every RPC of the five omniroute services, from their descriptors."""
    rpcs = []
    for module in SERVICE_MODULES:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                rpcs.append(_rpc(service.full_name, method, module))
    return rpcs


def _rpc(service: str, method: MethodDescriptor, module: Any) -> Rpc:
    request_type = getattr(module, method.input_type.name, None)
    if request_type is None:  # a request type from another file (none today)
        raise LookupError(method.input_type.full_name)
    return Rpc(
        f"/{service}/{method.name}",
        request_type,
        method.client_streaming,
        method.server_streaming,
    )


class RequestFuzzer:
    """Hostile request bodies from one seeded random generator; `ids` feeds string fields
    known ids (locations, SKUs, orders...) so that random requests also reach deep code."""

    def __init__(self, seed: int, ids: list[str]) -> None:
        self.rng = random.Random(seed)
        self.ids = ids

    # random messages

    def random_message(self, message_type: type[Message], depth: int = 0) -> Message:
        message = message_type()
        self._fill(message, depth)
        return message

    def _fill(self, message: Message, depth: int) -> None:
        for field in message.DESCRIPTOR.fields:
            if self.rng.random() < 0.45:
                self._set_random(message, field, depth)

    def _set_random(self, message: Message, field: FieldDescriptor, depth: int) -> None:
        if field.message_type is not None:
            if depth > 3:
                return
            if field.is_repeated:
                container = getattr(message, field.name)
                for _ in range(self.rng.randint(0, 3)):
                    self._random_into(container.add(), field.message_type, depth + 1)
            else:
                self._random_into(getattr(message, field.name), field.message_type, depth + 1)
            return
        if field.is_repeated:
            container = getattr(message, field.name)
            for _ in range(self.rng.randint(0, 3)):
                container.append(self.scalar(field))
        else:
            setattr(message, field.name, self.scalar(field))

    def _random_into(self, target: Message, descriptor: Descriptor, depth: int) -> None:
        if descriptor.full_name == "google.protobuf.Timestamp":
            target.seconds, target.nanos = self.rng.choice(TIMESTAMPS)  # type: ignore[attr-defined]
        elif descriptor.full_name == "google.protobuf.Duration":
            target.seconds, target.nanos = self.rng.choice(DURATIONS)  # type: ignore[attr-defined]
        else:
            self._fill(target, depth)
            target.SetInParent()

    def scalar(self, field: FieldDescriptor) -> Any:
        """A value for a scalar field, extreme as often as ordinary."""
        rng = self.rng
        if field.type == F.TYPE_STRING:
            return self.text()
        if field.type == F.TYPE_BOOL:
            return rng.random() < 0.5
        if field.type == F.TYPE_ENUM:
            numbers = [v.number for v in field.enum_type.values]
            return rng.choice([*numbers, *numbers, 99, -1])
        if field.type in (F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64):
            return rng.choice([*INT64_VALUES, rng.randint(-5, 50)])
        if field.type in (F.TYPE_INT32, F.TYPE_SINT32, F.TYPE_SFIXED32):
            return rng.choice([*INT32_VALUES, rng.randint(-5, 50)])
        if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
            if rng.random() < 0.3:
                return rng.choice(SPECIAL_DOUBLES)
            return rng.choice([*DOUBLE_VALUES, rng.uniform(-200, 200)])
        if field.type == F.TYPE_BYTES:
            return rng.randbytes(rng.randint(0, 8))
        raise TypeError(f"no fuzz values for field type {field.type}")

    def text(self) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.45 and self.ids:
            return rng.choice(self.ids)
        if choice < 0.55:
            return ""
        return rng.choice(
            [
                "x" * 65,
                "y" * 201,
                "a\x00b",
                "\x00",
                "é" * 120,
                "🧥" * 70,
                " ",
                "HH:MM",
                "25:99",
                "Europe/Berlin",
                "optimal",
                "nearest",
                "no-such-strategy",
                "z" * 100_000,
                "".join(rng.choice("abc-_.:/ 0123") for _ in range(rng.randint(1, 12))),
            ]
        )

    # mutations of a valid request

    def mutate(self, request: Message) -> Message:
        """A copy of `request` with one to three fields replaced by hostile values."""
        mutated = type(request)()
        mutated.CopyFrom(request)
        for _ in range(self.rng.randint(1, 3)):
            self._mutate_once(mutated, 0)
        return mutated

    def _mutate_once(self, message: Message, depth: int) -> None:
        fields = message.DESCRIPTOR.fields
        if not fields:
            return
        field = self.rng.choice(fields)
        nested = field.message_type
        if nested is None or nested.full_name.startswith("google.protobuf.") or depth > 3:
            self._set_random(message, field, depth)
            return
        if field.is_repeated:
            container = getattr(message, field.name)
            target = (
                self.rng.choice(container)
                if len(container) and self.rng.random() < 0.7
                else container.add()
            )
        else:
            target = getattr(message, field.name)
        self._mutate_once(target, depth + 1)
        target.SetInParent()

    # bodies that do not parse

    def unparsable(self, request: Message) -> bytes:
        """Bytes that are not a valid encoding of `request`'s type (or are random)."""
        body = request.SerializeToString()
        kind = self.rng.randrange(3)
        if kind == 0 and len(body) > 1:
            return body[: self.rng.randrange(1, len(body))] + b"\x0a\x7f"  # truncated
        if kind == 1:
            number = _first_string_field(request.DESCRIPTOR)
            if number is not None:  # a string field holding invalid UTF-8
                return body + _varint(number << 3 | 2) + b"\x02\xc3\x28"
        return bytes([0xFF]) + self.rng.randbytes(self.rng.randint(0, 40))

    def bodies(self, rpc: Rpc, seeds: list[Message], count: int) -> Iterator[tuple[str, bytes]]:
        """`count` (kind, body) pairs for `rpc`, the three kinds in turn."""
        for index in range(count):
            kind = ("random", "mutated", "unparsable")[index % 3]
            if kind == "random" or not seeds:
                yield "random", self.random_message(rpc.request_type).SerializeToString()
            elif kind == "mutated":
                yield kind, self.mutate(self.rng.choice(seeds)).SerializeToString()
            else:
                yield kind, self.unparsable(self.rng.choice(seeds))


def _first_string_field(descriptor: Descriptor) -> int | None:
    for field in descriptor.fields:
        if field.type == F.TYPE_STRING:
            return int(field.number)
    return None


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
