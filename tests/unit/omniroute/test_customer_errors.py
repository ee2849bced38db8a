"""Every customers error maps to its documented status code."""

from __future__ import annotations

import grpc
import pytest

from omniroute import customers
from omniroute.shop import InvalidShopPayload
from omniroute.status_mapping import status_code_for


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (customers.InvalidCustomerInput, grpc.StatusCode.INVALID_ARGUMENT),
        (customers.UnknownCustomer, grpc.StatusCode.NOT_FOUND),
        (customers.UnknownPurchase, grpc.StatusCode.NOT_FOUND),
        (customers.EmailTaken, grpc.StatusCode.ALREADY_EXISTS),
        (customers.PurchaseConflict, grpc.StatusCode.ALREADY_EXISTS),
        (customers.LoyaltyConflict, grpc.StatusCode.ALREADY_EXISTS),
        (customers.InsufficientPoints, grpc.StatusCode.FAILED_PRECONDITION),
    ],
)
def test_each_customers_error_has_its_status_code(error, code):
    assert status_code_for(error("boom")) == code


def test_a_malformed_shop_payload_is_invalid_argument():
    error = InvalidShopPayload("line_items[0].price", "not a decimal amount")
    assert status_code_for(error) == grpc.StatusCode.INVALID_ARGUMENT
    assert str(error) == "line_items[0].price: not a decimal amount"
