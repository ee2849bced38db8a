"""CustomerService over real gRPC on the sample network: every RPC, its answers, its errors,
its scopes, and points that follow a shipment, a redemption and a return."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, TOKENS, ServerHandle, StartServer, bearer

from omniroute.customers.loyalty_audit import audit_points
from omniroute.v1 import common_pb2, customer_service_pb2_grpc
from omniroute.v1 import customer_service_pb2 as pb

SCARF, JACKET = "SCARF-WOOL-RED", "JACKET-LEATHER-M"
STORE = "BER-MITTE"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def network_server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


@pytest.fixture
def customers(network_server: ServerHandle) -> Iterator[Any]:
    with network_server.channel() as channel:
        yield customer_service_pb2_grpc.CustomerServiceStub(channel)


def ada(**fields: Any) -> Any:
    values: dict[str, Any] = {
        "customer_id": "C-ADA",
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "birthday": common_pb2.CalendarDate(year=0, month=12, day=10),
        "marketing_consent": True,
        "home_location_id": STORE,
    }
    values.update(fields)
    return pb.Customer(**values)


def receipt(receipt_id: str = "R-1", *lines: Any) -> Any:
    return pb.RecordStorePurchaseRequest(
        customer_id="C-ADA",
        location_id=STORE,
        receipt_id=receipt_id,
        lines=lines or [pb.PurchaseLine(sku_id=SCARF, quantity=2, unit_price_cents=3995)],
    )


def code_of(call: Any) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as failure:
        call()
    return failure.value.code()


def test_upsert_creates_then_replaces_a_customer(customers):
    first = customers.UpsertCustomer(pb.UpsertCustomerRequest(customer=ada()))
    second = customers.UpsertCustomer(
        pb.UpsertCustomerRequest(customer=ada(name="Ada King", marketing_consent=False))
    )
    assert first.created and not second.created
    stored = customers.GetCustomer(pb.GetCustomerRequest(customer_id="C-ADA")).customer
    assert (stored.name, stored.marketing_consent, stored.birthday.month) == ("Ada King", False, 12)
    assert stored.birthday.year == 0 and stored.created_at == first.customer.created_at


def test_a_store_purchase_is_recorded_once_and_earns_points(customers, network_server):
    customers.UpsertCustomer(pb.UpsertCustomerRequest(customer=ada()))
    first = customers.RecordStorePurchase(receipt())
    again = customers.RecordStorePurchase(receipt())
    assert (first.replayed, again.replayed) == (False, True)
    assert first.points_balance == again.points_balance == 79  # 79.90 EUR paid
    purchase = first.purchase
    assert purchase.channel == pb.PURCHASE_CHANNEL_STORE and purchase.paid_cents == 7990
    assert [ln.line_id for ln in purchase.lines] == ["1"] and purchase.points_earned == 79
    assert again.purchase == purchase
    # The till's sale reaches stock through InventoryService, not through this RPC.
    assert sum(level.on_hand for level in network_server.app.model.availability(SCARF)) > 0
    with network_server.app.model.read() as conn:
        assert audit_points(conn).ok


def test_get_customer_pages_purchases_newest_first(customers):
    customers.UpsertCustomer(pb.UpsertCustomerRequest(customer=ada()))
    for n in range(3):
        request = receipt(f"R-{n}")
        request.purchased_at.FromDatetime(NOW.replace(hour=10 + n))
        customers.RecordStorePurchase(request)
    page1 = customers.GetCustomer(pb.GetCustomerRequest(customer_id="C-ADA", page_size=2))
    page2 = customers.GetCustomer(
        pb.GetCustomerRequest(customer_id="C-ADA", page_size=2, page_token=page1.next_page_token)
    )
    assert [p.receipt_id for p in page1.purchases] == ["R-2", "R-1"]
    assert [p.receipt_id for p in page2.purchases] == ["R-0"] and page2.next_page_token == ""


def test_get_loyalty_shows_the_ledger_newest_first(customers, network_server):
    customers.UpsertCustomer(pb.UpsertCustomerRequest(customer=ada()))
    customers.RecordStorePurchase(receipt())
    app = network_server.app
    with app.model.write() as conn:
        app.customers.redeem_points(conn, customer_id="C-ADA", order_id="O-1", points=30, at=NOW)
    reply = customers.GetLoyalty(pb.GetLoyaltyRequest(customer_id="C-ADA", page_size=1))
    assert (reply.points_balance, reply.balance_value_cents) == (49, 49)
    [entry] = reply.entries
    assert (entry.kind, entry.points, entry.balance_after) == (
        pb.LOYALTY_ENTRY_KIND_REDEEM,
        -30,
        49,
    )
    assert entry.order_id == "O-1" and reply.next_page_token
    older = customers.GetLoyalty(
        pb.GetLoyaltyRequest(customer_id="C-ADA", page_token=reply.next_page_token)
    )
    assert [e.kind for e in older.entries] == [pb.LOYALTY_ENTRY_KIND_EARN]
    assert older.entries[0].purchase_id and older.next_page_token == ""


def test_errors_map_to_precise_status_codes(customers):
    customers.UpsertCustomer(pb.UpsertCustomerRequest(customer=ada()))
    invalid, not_found, exists = (
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.ALREADY_EXISTS,
    )
    cases = [
        (pb.UpsertCustomerRequest(), "UpsertCustomer", invalid),
        (pb.UpsertCustomerRequest(customer=ada(email="not-an-email")), "UpsertCustomer", invalid),
        (
            pb.UpsertCustomerRequest(
                customer=ada(birthday=common_pb2.CalendarDate(year=2001, month=2, day=29))
            ),
            "UpsertCustomer",
            invalid,
        ),
        (pb.UpsertCustomerRequest(customer=ada(customer_id="C-2")), "UpsertCustomer", exists),
        (
            pb.UpsertCustomerRequest(customer=ada(home_location_id="MARS")),
            "UpsertCustomer",
            not_found,
        ),
        (pb.GetCustomerRequest(customer_id="NOBODY"), "GetCustomer", not_found),
        (pb.GetCustomerRequest(), "GetCustomer", invalid),
        (pb.GetCustomerRequest(customer_id="C-ADA", page_token="%%%"), "GetCustomer", invalid),
        (pb.GetLoyaltyRequest(customer_id="NOBODY"), "GetLoyalty", not_found),
        (pb.GetLoyaltyRequest(customer_id="C-ADA", page_size=-1), "GetLoyalty", invalid),
        (
            receipt("R-9", pb.PurchaseLine(sku_id="NOPE", quantity=1)),
            "RecordStorePurchase",
            not_found,
        ),
        (
            receipt(
                "R-9",
                pb.PurchaseLine(sku_id=SCARF, quantity=1, unit_price_cents=100, discount_cents=101),
            ),
            "RecordStorePurchase",
            invalid,
        ),
        (pb.RecordStorePurchaseRequest(customer_id="C-ADA"), "RecordStorePurchase", invalid),
    ]
    for request, method, expected in cases:
        assert code_of(lambda r=request, m=method: getattr(customers, m)(r)) == expected, request


def test_a_receipt_replayed_with_other_lines_is_already_exists(customers):
    customers.UpsertCustomer(pb.UpsertCustomerRequest(customer=ada()))
    customers.RecordStorePurchase(receipt())
    other = receipt("R-1", pb.PurchaseLine(sku_id=JACKET, quantity=1, unit_price_cents=29900))
    assert code_of(lambda: customers.RecordStorePurchase(other)) == grpc.StatusCode.ALREADY_EXISTS


def test_scopes_read_may_look_write_may_record(running_server, sqlite_url):
    server = running_server(sqlite_url, tokens=TOKENS, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        stub = customer_service_pb2_grpc.CustomerServiceStub(channel)
        upsert = pb.UpsertCustomerRequest(customer=ada())
        denied = code_of(lambda: stub.UpsertCustomer(upsert, metadata=bearer("reader-token")))
        assert denied == grpc.StatusCode.PERMISSION_DENIED
        stub.UpsertCustomer(upsert, metadata=bearer("writer-token"))
        record = receipt()
        assert (
            code_of(lambda: stub.RecordStorePurchase(record, metadata=bearer("reader-token")))
            == grpc.StatusCode.PERMISSION_DENIED
        )
        stub.RecordStorePurchase(record, metadata=bearer("writer-token"))
        get = pb.GetCustomerRequest(customer_id="C-ADA")
        assert stub.GetCustomer(get, metadata=bearer("reader-token")).purchases
        loyalty = pb.GetLoyaltyRequest(customer_id="C-ADA")
        assert stub.GetLoyalty(loyalty, metadata=bearer("reader-token")).points_balance == 79
        assert code_of(lambda: stub.GetLoyalty(loyalty)) == grpc.StatusCode.UNAUTHENTICATED
