"""Shop intake: a real shop's order payload mapped to the orders workflow's `RouteOrder`.

`shopify.parse_order` reads Shopify's REST Order resource (line items with SKU, quantity,
price and discount allocations; the shipping address with its coordinates; the customer;
shipping lines) into a `ShopifyOrder` holding the `RouteOrder` command, prices in exact
cents (parsed with `decimal.Decimal`, never floats). `request.route_request` turns it into
the RouteOrderRequest of the gRPC contract (used by ``omniroute client route --shopify``).

Exception tree (every error this package raises)::

    ShopError
    └── InvalidShopPayload    a malformed payload; `.path` names the field, e.g.
                              ``line_items[2].price: not a decimal amount``
"""

from omniroute.shop.errors import InvalidShopPayload, ShopError

__all__ = ["InvalidShopPayload", "ShopError"]
