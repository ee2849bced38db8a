"""`CustomerServicer`: proto -> customers port -> proto, nothing else.

Each RPC is one transaction on the service's database (reads take a read-only snapshot).
Domain errors propagate to `interceptors.ErrorInterceptor`, which maps them to status codes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc

from inventory.model import StockModel
from omniroute.convert import customers as convert
from omniroute.customers.loyalty_rules import points_value_cents
from omniroute.customers.ports import CustomerPort
from omniroute.errors import MissingField
from omniroute.v1 import customer_service_pb2 as pb
from omniroute.v1 import customer_service_pb2_grpc as pb_grpc

SERVICE_NAME = "omniroute.v1.CustomerService"


class CustomerServicer(pb_grpc.CustomerServiceServicer):  # type: ignore[misc]
    """The CustomerService of the contract, on one customers port and database."""

    def __init__(self, customers: CustomerPort, model: StockModel) -> None:
        self.customers = customers
        self.model = model

    def UpsertCustomer(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.HasField("customer"):
            raise MissingField("customer is required", field="customer")
        customer = convert.customer_from_proto(request.customer)
        with self.model.write() as conn:
            stored, created = self.customers.upsert_customer(conn, customer, now=_now())
        return pb.UpsertCustomerResponse(
            customer=convert.customer_to_proto(stored), created=created
        )

    def RecordStorePurchase(self, request: Any, context: grpc.ServicerContext) -> Any:
        command = convert.store_purchase_command(request, _now())
        with self.model.write() as conn:
            recorded = self.customers.record_store_purchase(conn, command)
        return pb.RecordStorePurchaseResponse(
            purchase=convert.purchase_to_proto(recorded.purchase),
            points_balance=recorded.points_balance,
            replayed=recorded.replayed,
        )

    def GetCustomer(self, request: Any, context: grpc.ServicerContext) -> Any:
        customer_id = _required(request.customer_id, "customer_id")
        size = convert.page_size(request)
        after = convert.purchase_cursor(request.page_token)
        with self.model.read() as conn:
            customer = self.customers.get_customer(conn, customer_id)
            purchases = self.customers.purchases(conn, customer_id, limit=size + 1, after=after)
        page = purchases[:size]
        return pb.GetCustomerResponse(
            customer=convert.customer_to_proto(customer),
            purchases=[convert.purchase_to_proto(p) for p in page],
            next_page_token=convert.purchase_token(page[-1]) if len(purchases) > size else "",
        )

    def GetLoyalty(self, request: Any, context: grpc.ServicerContext) -> Any:
        customer_id = _required(request.customer_id, "customer_id")
        size = convert.page_size(request)
        before = convert.entry_cursor(request.page_token)
        with self.model.read() as conn:
            balance = self.customers.points_balance(conn, customer_id)
            entries = self.customers.loyalty_entries(
                conn, customer_id, limit=size + 1, before_entry_id=before
            )
        page = entries[:size]
        return pb.GetLoyaltyResponse(
            customer_id=customer_id,
            points_balance=balance,
            balance_value_cents=points_value_cents(balance),
            entries=[convert.entry_to_proto(e) for e in page],
            next_page_token=convert.entry_token(page[-1]) if len(entries) > size else "",
        )


def _required(value: str, field: str) -> str:
    if not value:
        raise MissingField(f"{field} is required", field=field)
    return str(value)


def _now() -> datetime:
    return datetime.now(UTC)
