"""The public gRPC contract: generated code is fresh, services are complete, buf lint passes."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from google.protobuf import descriptor

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "src" / "omniroute" / "v1"
GEN_SCRIPT = ROOT / "scripts" / "gen-proto"
BUF_SCRIPT = ROOT / "scripts" / "buf"

# Service -> RPC -> (client streaming, server streaming).
EXPECTED_RPCS: dict[str, dict[str, tuple[bool, bool]]] = {
    "inventory_service": {
        "UpsertLocations": (False, False),
        "UpsertSkus": (False, False),
        "ApplyStockEvents": (False, False),
        "StreamStockEvents": (True, False),
        "GetStock": (False, False),
        "GetAvailability": (False, False),
        "FindNearby": (False, False),
        "WatchStock": (False, True),
        "GetLocation": (False, False),
        "ListLocations": (False, False),
        "GetSku": (False, False),
        "ListSkus": (False, False),
    },
    "order_service": {
        "RouteOrder": (False, False),
        "GetOrder": (False, False),
        "ShipOrder": (False, False),
        "CancelOrder": (False, False),
        "RejectShipment": (False, False),
        "GetOpportunityPrices": (False, False),
        "MarkArrived": (False, False),
        "MarkReadyForPickup": (False, False),
        "ConfirmCollected": (False, False),
        "ListShipments": (False, False),
        "WatchOrders": (False, True),
    },
    "return_service": {
        "QuoteReturn": (False, False),
        "RegisterReturn": (False, False),
        "MarkHandedToCarrier": (False, False),
        "ReceiveReturn": (False, False),
        "RefundReturn": (False, False),
        "GetReturn": (False, False),
    },
    "customer_service": {
        "UpsertCustomer": (False, False),
        "RecordStorePurchase": (False, False),
        "GetCustomer": (False, False),
        "GetLoyalty": (False, False),
    },
    "promotion_service": {
        "UpsertPromotion": (False, False),
        "IssueCoupon": (False, False),
        "QuoteBasket": (False, False),
        "GetPromotion": (False, False),
        "ListPromotions": (False, False),
    },
}

PROTO_MODULES = ["common", *EXPECTED_RPCS]


def _service_name(module: str) -> str:
    return "".join(part.capitalize() for part in module.split("_"))


def _files_under(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _all_messages() -> list[descriptor.Descriptor]:
    found: list[descriptor.Descriptor] = []
    pending = [
        message
        for module in PROTO_MODULES
        for message in importlib.import_module(
            f"omniroute.v1.{module}_pb2"
        ).DESCRIPTOR.message_types_by_name.values()
    ]
    while pending:
        message = pending.pop()
        found.append(message)
        pending.extend(message.nested_types)
    return found


def test_generated_package_is_byte_identical_to_a_fresh_generation(tmp_path: Path) -> None:
    pytest.importorskip("grpc_tools", reason="grpcio-tools (dev extra) is not installed")
    recorded = importlib.import_module("omniroute.v1").GENERATED_WITH
    installed = f"grpcio-tools {metadata.version('grpcio-tools')}"
    if recorded != installed:
        pytest.skip(
            f"src/omniroute/v1 was generated with {recorded} but {installed} is installed; "
            "install the recorded version to check freshness"
        )
    subprocess.run(
        ["bash", str(GEN_SCRIPT), str(tmp_path)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        timeout=120,
    )

    fresh = _files_under(tmp_path / "omniroute" / "v1")
    committed = _files_under(GENERATED)

    assert sorted(committed) == sorted(fresh), "files differ: run scripts/gen-proto"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale or hand-edited generated files {stale}: run scripts/gen-proto"


@pytest.mark.parametrize("module", sorted(EXPECTED_RPCS))
def test_every_service_has_the_rpcs_of_the_contract(module: str) -> None:
    file = importlib.import_module(f"omniroute.v1.{module}_pb2").DESCRIPTOR
    service = file.services_by_name[_service_name(module)]

    rpcs = {
        method.name: (method.client_streaming, method.server_streaming)
        for method in service.methods
    }

    assert rpcs == EXPECTED_RPCS[module]
    for method in service.methods:
        assert method.input_type.name == f"{method.name}Request"
        assert method.output_type.name == f"{method.name}Response"


@pytest.mark.parametrize("module", sorted(EXPECTED_RPCS))
def test_every_service_has_a_generated_servicer_and_stub(module: str) -> None:
    grpc_module = importlib.import_module(f"omniroute.v1.{module}_pb2_grpc")
    name = _service_name(module)

    assert hasattr(grpc_module, f"{name}Servicer")
    assert hasattr(grpc_module, f"{name}Stub")
    assert hasattr(grpc_module, f"add_{name}Servicer_to_server")


def test_money_fields_are_integer_cents_and_instants_are_timestamps() -> None:
    wrong: list[str] = []
    for message in _all_messages():
        for field in message.fields:
            if field.name.endswith("_cents") and field.type != field.TYPE_INT64:
                wrong.append(f"{field.full_name} is not int64")
            if field.name.endswith("_at") and (
                field.message_type is None
                or field.message_type.full_name != "google.protobuf.Timestamp"
            ):
                wrong.append(f"{field.full_name} is not a Timestamp")
            if field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT) and any(
                word in field.name for word in ("price", "cost", "amount", "refund")
            ):
                wrong.append(f"{field.full_name} is money as a float")

    assert wrong == []


def test_buf_lint_passes() -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed, so buf cannot be installed (CI has node and npm)")

    result = subprocess.run(
        ["bash", str(BUF_SCRIPT), "lint"],
        cwd=ROOT,
        env={**os.environ, "BUF_INSTALL_TIMEOUT": "180"},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
