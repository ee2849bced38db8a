"""Customers: one account for online and in-store purchases, and its loyalty points.

The ports (`ports.CustomerAccounts`, `ports.PurchaseHistory`, `ports.LoyaltyLedger`, all
three in `ports.CustomerPort`) take the caller's SQLAlchemy `Connection`, so an order, a
shipment or a return books its points in its own transaction. `store.SqlCustomers` is the
built-in implementation on the service's database; `fake.FakeCustomers` keeps everything in
memory for tests. The points rules (earn rate, value, reversal) are in `loyalty_rules`.

Exception tree (every error this package raises)::

    CustomerError
    ├── InvalidCustomerInput  a malformed customer, purchase or points request (names the field)
    ├── UnknownCustomer       no customer has this id
    ├── UnknownPurchase       no purchase has this id
    ├── EmailTaken            the email belongs to another customer
    ├── PurchaseConflict      a receipt (or order) recorded before with other lines
    ├── LoyaltyConflict       a points reference booked before with other figures
    └── InsufficientPoints    fewer points than asked for; nothing changed
"""

from omniroute.customers.errors import (
    CustomerError,
    EmailTaken,
    InsufficientPoints,
    InvalidCustomerInput,
    LoyaltyConflict,
    PurchaseConflict,
    UnknownCustomer,
    UnknownPurchase,
)

__all__ = [
    "CustomerError",
    "EmailTaken",
    "InsufficientPoints",
    "InvalidCustomerInput",
    "LoyaltyConflict",
    "PurchaseConflict",
    "UnknownCustomer",
    "UnknownPurchase",
]
