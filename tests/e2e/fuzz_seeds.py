"""Valid requests for every RPC, on the sample network plus what `prepare` adds through
gRPC (a customer, promotions, a coupon, a shipped order, a held order, a return, a store
purchase, the token of a second ListLocations page): the fuzzer mutates them, so that
hostile values reach deep code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from omniroute.v1 import common_pb2 as cpb
from omniroute.v1 import customer_service_pb2 as cust
from omniroute.v1 import (
    customer_service_pb2_grpc,
    inventory_service_pb2_grpc,
    order_service_pb2_grpc,
    promotion_service_pb2_grpc,
    return_service_pb2_grpc,
)
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import order_service_pb2 as opb
from omniroute.v1 import promotion_service_pb2 as ppb
from omniroute.v1 import return_service_pb2 as rpb

LOCATIONS = ["BER-MITTE", "BER-KREUZBERG", "BER-PRENZLAUER-BERG", "WH-GROSSBEEREN"]
SKUS = ["JACKET-LEATHER-M", "JACKET-LEATHER-L", "SCARF-WOOL-RED", "SCARF-WOOL-GREY"]
CUSTOMER, PROMOTION, COUPON_PROMOTION, COUPON = "FUZZ-C1", "FUZZ-P1", "FUZZ-P2", "FUZZ10"
SHIPPED, HELD = "FUZZ-O1", "FUZZ-O2"
#: Collect orders: one whose transfer left for Mitte, one ready at Prenzlauer Berg.
IN_TRANSIT, READY = "FUZZ-CC1", "FUZZ-CC2"
BERLIN = cpb.GeoPoint(latitude=52.52, longitude=13.405)
NOW = Timestamp(seconds=1_767_225_600)  # 2026-01-01
LATER = Timestamp(seconds=1_893_456_000)  # 2030-01-01


@dataclass
class Prepared:
    """Ids made by `prepare`, and every id the fuzzer may put into string fields."""

    shipment_ids: list[str] = field(default_factory=list)
    held_shipment_ids: list[str] = field(default_factory=list)
    transfer_id: str = ""
    return_id: str = ""
    location_page_token: str = ""

    @property
    def ids(self) -> list[str]:
        return [
            *LOCATIONS,
            *SKUS,
            CUSTOMER,
            PROMOTION,
            COUPON_PROMOTION,
            COUPON,
            SHIPPED,
            HELD,
            IN_TRANSIT,
            READY,
            self.transfer_id,
            self.return_id,
            *self.shipment_ids,
            *self.held_shipment_ids,
            "1",
            "2",
        ]


def customer() -> Any:
    return cust.Customer(
        customer_id=CUSTOMER,
        name="Fuzz Customer",
        email="fuzz@example.com",
        birthday=cpb.CalendarDate(year=1990, month=5, day=17),
        home_location_id="BER-MITTE",
    )


def promotion(promotion_id: str = PROMOTION, requires_coupon: bool = False) -> Any:
    return ppb.Promotion(
        promotion_id=promotion_id,
        name="10% off outerwear",
        kind=ppb.DISCOUNT_KIND_PERCENT,
        percent_basis_points=1000,
        category="outerwear",
        stacking=ppb.STACKING_STACKABLE,
        requires_coupon=requires_coupon,
    )


def route(order_id: str, key: str, *, hold: bool = False, **fields: Any) -> Any:
    request = opb.RouteOrderRequest(
        order_id=order_id,
        idempotency_key=key,
        lines=[
            opb.OrderLine(
                line_id="1", sku_id="JACKET-LEATHER-L", quantity=1, unit_price_cents=29900
            ),
            opb.OrderLine(line_id="2", sku_id="SCARF-WOOL-RED", quantity=1, unit_price_cents=3995),
        ],
        ship_to=cpb.Address(line1="Oranienstr. 1", city="Berlin", country_code="DE", point=BERLIN),
        constraints=opb.RoutingConstraints(max_shipments=2, promised_by=LATER),
        customer_id=CUSTOMER,
        **fields,
    )
    if hold:
        request.hold_for.CopyFrom(Duration(seconds=900))
    return request


def prepare(channel: grpc.Channel) -> Prepared:
    """Add a customer, promotions, a coupon, a shipped and a held order, a return and a
    store purchase to a server holding the sample network."""
    customers = customer_service_pb2_grpc.CustomerServiceStub(channel)
    promotions = promotion_service_pb2_grpc.PromotionServiceStub(channel)
    orders = order_service_pb2_grpc.OrderServiceStub(channel)
    returns = return_service_pb2_grpc.ReturnServiceStub(channel)
    inventory = inventory_service_pb2_grpc.InventoryServiceStub(channel)
    prepared = Prepared()
    customers.UpsertCustomer(cust.UpsertCustomerRequest(customer=customer()))
    promotions.UpsertPromotion(ppb.UpsertPromotionRequest(promotion=promotion()))
    promotions.UpsertPromotion(
        ppb.UpsertPromotionRequest(promotion=promotion(COUPON_PROMOTION, requires_coupon=True))
    )
    promotions.IssueCoupon(issue_coupon("coupon-1", COUPON))
    shipped = orders.RouteOrder(route(SHIPPED, "key-o1")).order
    for shipment in shipped.plan.shipments:
        prepared.shipment_ids.append(shipment.shipment_id)
        orders.ShipOrder(opb.ShipOrderRequest(order_id=SHIPPED, shipment_id=shipment.shipment_id))
    held = orders.RouteOrder(route(HELD, "key-o2", hold=True)).order
    in_transit = orders.RouteOrder(collect(IN_TRANSIT, "BER-MITTE", "SCARF-WOOL-RED")).order
    transfer = next(s for s in in_transit.plan.shipments if s.kind == opb.SHIPMENT_KIND_TRANSFER)
    prepared.transfer_id = transfer.shipment_id
    orders.ShipOrder(opb.ShipOrderRequest(order_id=IN_TRANSIT, shipment_id=transfer.shipment_id))
    orders.RouteOrder(collect(READY, "BER-PRENZLAUER-BERG", "JACKET-LEATHER-M"))
    orders.MarkReadyForPickup(opb.MarkReadyForPickupRequest(order_id=READY))
    prepared.held_shipment_ids = [s.shipment_id for s in held.plan.shipments]
    prepared.return_id = returns.RegisterReturn(
        rpb.RegisterReturnRequest(idempotency_key="ret-1", **return_fields())
    ).product_return.return_id
    customers.RecordStorePurchase(store_purchase("receipt-1"))
    first_page = inventory.ListLocations(inv.ListLocationsRequest(page_size=1))
    prepared.location_page_token = first_page.next_page_token
    return prepared


def collect(order_id: str, store: str, sku_id: str) -> Any:
    return opb.RouteOrderRequest(
        order_id=order_id,
        idempotency_key=f"key-{order_id}",
        lines=[opb.OrderLine(line_id="1", sku_id=sku_id, quantity=1)],
        pickup_location_id=store,
    )


def issue_coupon(key: str, code: str) -> Any:
    return ppb.IssueCouponRequest(
        idempotency_key=key,
        promotion_id=COUPON_PROMOTION,
        code=code,
        usage=ppb.COUPON_USAGE_MULTI_USE,
        valid_from=NOW,
    )


def return_fields() -> dict[str, Any]:
    return {
        "order_id": SHIPPED,
        "lines": [
            rpb.ReturnLine(
                order_line_id="2",
                sku_id="SCARF-WOOL-RED",
                quantity=1,
                reason=rpb.RETURN_REASON_WRONG_SIZE,
                condition=rpb.ITEM_CONDITION_NEW,
            )
        ],
        "channel": rpb.RETURN_CHANNEL_POST,
        "ship_from": BERLIN,
    }


def store_purchase(receipt_id: str) -> Any:
    return cust.RecordStorePurchaseRequest(
        customer_id=CUSTOMER,
        location_id="BER-MITTE",
        receipt_id=receipt_id,
        lines=[
            cust.PurchaseLine(
                line_id="1", sku_id="SCARF-WOOL-GREY", quantity=1, unit_price_cents=3995
            )
        ],
        purchased_at=NOW,
    )


def stock_batch(key: str) -> Any:
    return inv.ApplyStockEventsRequest(
        idempotency_key=key,
        events=[
            inv.StockEvent(
                type=inv.STOCK_EVENT_TYPE_RECEIPT,
                location_id="BER-MITTE",
                sku_id="SCARF-WOOL-RED",
                quantity=3,
                occurred_at=NOW,
                reference="PO-1",
            ),
            inv.StockEvent(
                type=inv.STOCK_EVENT_TYPE_INCOMING_EXPECTED,
                location_id="BER-KREUZBERG",
                sku_id="JACKET-LEATHER-M",
                quantity=4,
                expected_at=NOW,
            ),
        ],
    )


def seeds(prepared: Prepared) -> dict[str, list[Message]]:
    """Valid requests by RPC name."""
    held_shipment = prepared.held_shipment_ids[0]
    location = inv.UpsertLocationsRequest(
        locations=[
            cpb.Location(
                location_id="FUZZ-STORE",
                name="Fuzz store",
                kind=cpb.LOCATION_KIND_STORE,
                address=cpb.Address(line1="Alexanderplatz 1", city="Berlin", point=BERLIN),
                capabilities=[cpb.CAPABILITY_SHIP, cpb.CAPABILITY_PICKUP],
                daily_capacity_units=40,
                handling_cost_cents=150,
                cutoff_local_time="16:00",
            )
        ]
    )
    basket_line = ppb.BasketLine(line_id="1", sku_id="JACKET-LEATHER-M", quantity=2)
    return {
        "UpsertLocations": [location],
        "UpsertSkus": [
            inv.UpsertSkusRequest(
                skus=[
                    cpb.Sku(
                        sku_id="FUZZ-SKU",
                        name="Fuzz",
                        category="outerwear",
                        weight_grams=900,
                        unit_price_cents=4999,
                    )
                ]
            )
        ],
        "ApplyStockEvents": [stock_batch("feed-1")],
        "StreamStockEvents": [
            inv.StreamStockEventsRequest(idempotency_key="s-1", events=stock_batch("").events)
        ],
        "GetStock": [inv.GetStockRequest(sku_ids=SKUS[:2], location_ids=LOCATIONS[:2])],
        "GetAvailability": [
            inv.GetAvailabilityRequest(
                sku_ids=SKUS, kinds=[cpb.LOCATION_KIND_STORE], include_locations=True
            )
        ],
        "FindNearby": [
            inv.FindNearbyRequest(
                origin=BERLIN,
                radius_km=20,
                limit=3,
                items=[cpb.SkuQuantity(sku_id="JACKET-LEATHER-L", quantity=1)],
                required_capabilities=[cpb.CAPABILITY_PICKUP],
            )
        ],
        "WatchStock": [inv.WatchStockRequest(sku_ids=SKUS[:1], send_initial=True)],
        "GetLocation": [inv.GetLocationRequest(location_id=LOCATIONS[0])],
        "ListLocations": [
            inv.ListLocationsRequest(page_size=2, kinds=[cpb.LOCATION_KIND_STORE]),
            inv.ListLocationsRequest(page_size=1, page_token=prepared.location_page_token),
        ],
        "GetSku": [inv.GetSkuRequest(sku_id=SKUS[0])],
        "ListSkus": [inv.ListSkusRequest(page_size=2, category="outerwear")],
        "RouteOrder": [
            route("FUZZ-O3", "key-o3", dry_run=True, strategy="optimal"),
            route("FUZZ-O4", "key-o4", coupon_codes=[COUPON], placed_at=NOW, hold=True),
            opb.RouteOrderRequest(
                order_id="FUZZ-O5",
                idempotency_key="key-o5",
                lines=[opb.OrderLine(line_id="1", sku_id="JACKET-LEATHER-L", quantity=1)],
                pickup_location_id="BER-MITTE",
            ),
        ],
        "GetOrder": [opb.GetOrderRequest(order_id=SHIPPED)],
        "ShipOrder": [opb.ShipOrderRequest(order_id=HELD, shipment_id=held_shipment)],
        "CancelOrder": [opb.CancelOrderRequest(order_id=HELD, reason="changed mind")],
        "RejectShipment": [
            opb.RejectShipmentRequest(order_id=HELD, shipment_id=held_shipment, reason="lost")
        ],
        "MarkArrived": [
            opb.MarkArrivedRequest(order_id=IN_TRANSIT, shipment_id=prepared.transfer_id)
        ],
        "MarkReadyForPickup": [opb.MarkReadyForPickupRequest(order_id=IN_TRANSIT)],
        "ConfirmCollected": [opb.ConfirmCollectedRequest(order_id=READY)],
        "ListShipments": [
            opb.ListShipmentsRequest(location_id="BER-MITTE", page_size=2),
            opb.ListShipmentsRequest(
                location_id="BER-MITTE",
                status=opb.SHIPMENT_STATUS_SHIPPED,
                work=opb.WORK_KIND_TRANSFER_IN,
            ),
        ],
        "WatchOrders": [
            opb.WatchOrdersRequest(after_cursor="0", order_ids=[IN_TRANSIT, READY]),
            opb.WatchOrdersRequest(),
        ],
        "GetOpportunityPrices": [
            opb.GetOpportunityPricesRequest(page_size=5),
            opb.GetOpportunityPricesRequest(location_ids=["BER-MITTE"], sku_ids=[SKUS[0]]),
        ],
        "QuoteReturn": [rpb.QuoteReturnRequest(**return_fields())],
        "RegisterReturn": [rpb.RegisterReturnRequest(idempotency_key="ret-2", **return_fields())],
        "MarkHandedToCarrier": [
            rpb.MarkHandedToCarrierRequest(
                return_id=prepared.return_id, carrier="DHL", handed_at=NOW
            )
        ],
        "ReceiveReturn": [
            rpb.ReceiveReturnRequest(
                return_id=prepared.return_id,
                location_id="BER-MITTE",
                lines=[
                    rpb.ReceivedLine(
                        order_line_id="2", quantity=1, condition=rpb.ITEM_CONDITION_NEW
                    )
                ],
                received_at=NOW,
            )
        ],
        "RefundReturn": [
            rpb.RefundReturnRequest(
                return_id=prepared.return_id, idempotency_key="pay-1", refund_reference="PSP"
            )
        ],
        "GetReturn": [rpb.GetReturnRequest(return_id=prepared.return_id)],
        "UpsertCustomer": [cust.UpsertCustomerRequest(customer=customer())],
        "RecordStorePurchase": [store_purchase("receipt-2")],
        "GetCustomer": [cust.GetCustomerRequest(customer_id=CUSTOMER, page_size=5)],
        "GetLoyalty": [cust.GetLoyaltyRequest(customer_id=CUSTOMER, page_size=5)],
        "UpsertPromotion": [ppb.UpsertPromotionRequest(promotion=promotion())],
        "IssueCoupon": [issue_coupon("coupon-2", "FUZZ20")],
        "QuoteBasket": [
            ppb.QuoteBasketRequest(
                customer_id=CUSTOMER, lines=[basket_line], coupon_codes=[COUPON], priced_at=NOW
            )
        ],
        "GetPromotion": [ppb.GetPromotionRequest(promotion_id=PROMOTION)],
        "ListPromotions": [ppb.ListPromotionsRequest(page_size=1, active_at=NOW)],
    }
