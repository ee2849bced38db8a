"""`ReturnServicer`: proto -> returns desk -> proto, nothing else.

Quoting and reading need the read scope; every step that changes a return needs write.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc

from inventory.model import StockModel
from omniroute.convert import returns as convert
from omniroute.convert.common import address_to_proto, stock_level_to_proto
from omniroute.errors import MissingField
from omniroute.returns.workflow import ReturnDesk
from omniroute.v1 import return_service_pb2 as pb
from omniroute.v1 import return_service_pb2_grpc as pb_grpc

SERVICE_NAME = "omniroute.v1.ReturnService"


class ReturnServicer(pb_grpc.ReturnServiceServicer):  # type: ignore[misc]
    """The ReturnService of the contract, on one `ReturnDesk`."""

    def __init__(self, desk: ReturnDesk) -> None:
        self.desk = desk
        self.model: StockModel = desk.model

    def QuoteReturn(self, request: Any, context: grpc.ServicerContext) -> Any:
        record = self.desk.quote(convert.return_command(request))
        message = convert.return_to_proto(record, self._address)
        return pb.QuoteReturnResponse(
            lines=message.lines,
            refund_cents=message.refund_cents,
            destination=message.destination,
            alternatives=message.alternatives,
        )

    def RegisterReturn(self, request: Any, context: grpc.ServicerContext) -> Any:
        key = _required(request.idempotency_key, "idempotency_key")
        record, replayed = self.desk.register(convert.return_command(request, idempotency_key=key))
        return pb.RegisterReturnResponse(
            product_return=convert.return_to_proto(record, self._address), replayed=replayed
        )

    def MarkHandedToCarrier(self, request: Any, context: grpc.ServicerContext) -> Any:
        record = self.desk.hand_to_carrier(
            _required(request.return_id, "return_id"),
            request.carrier,
            request.tracking_number,
            request.handed_at.ToDatetime(UTC) if request.HasField("handed_at") else None,
        )
        return pb.MarkHandedToCarrierResponse(
            product_return=convert.return_to_proto(record, self._address)
        )

    def ReceiveReturn(self, request: Any, context: grpc.ServicerContext) -> Any:
        record, levels = self.desk.receive(convert.receive_command(request, now=datetime.now(UTC)))
        return pb.ReceiveReturnResponse(
            product_return=convert.return_to_proto(record, self._address),
            restocked=[stock_level_to_proto(level) for level in levels],
        )

    def RefundReturn(self, request: Any, context: grpc.ServicerContext) -> Any:
        record, _ = self.desk.refund(
            _required(request.return_id, "return_id"),
            _required(request.idempotency_key, "idempotency_key"),
            request.refund_reference,
        )
        return pb.RefundReturnResponse(
            product_return=convert.return_to_proto(record, self._address),
            refunded_cents=record.refunded_cents,
        )

    def GetReturn(self, request: Any, context: grpc.ServicerContext) -> Any:
        record = self.desk.get(_required(request.return_id, "return_id"))
        return pb.GetReturnResponse(product_return=convert.return_to_proto(record, self._address))

    def _address(self, location_id: str) -> Any:
        return address_to_proto(self.model.get_location(location_id))


def _required(value: str, name: str) -> str:
    if not value:
        raise MissingField(f"{name} is required", field=name)
    return value
