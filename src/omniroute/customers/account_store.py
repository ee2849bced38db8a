"""Customer accounts on the service's database (SQL half of `CustomerAccounts`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from inventory import schema as stock_schema
from inventory.catalog import upsert_statement
from inventory.errors import UnknownLocation
from omniroute.customers.domain import Birthday, BirthdayCustomer, Customer, birthdays_between
from omniroute.customers.errors import EmailTaken, UnknownCustomer
from omniroute.customers.tables import customers


def upsert_customer(conn: Connection, customer: Customer, now: datetime) -> tuple[Customer, bool]:
    """Create or replace `customer`; the stored customer and whether it is new."""
    if customer.home_location_id is not None:
        require_location(conn, customer.home_location_id)
    if customer.email is not None:
        owner = conn.execute(
            select(customers.c.id).where(customers.c.email == customer.email)
        ).scalar_one_or_none()
        if owner is not None and owner != customer.customer_id:
            raise EmailTaken(f"email {customer.email!r} belongs to another customer")
    fields = {
        "name": customer.name,
        "email": customer.email,
        "birth_year": customer.birthday.year if customer.birthday else None,
        "birth_month": customer.birthday.month if customer.birthday else None,
        "birth_day": customer.birthday.day if customer.birthday else None,
        "marketing_consent": customer.marketing_consent,
        "home_location_id": customer.home_location_id,
        "updated_at": now,
    }
    # Insert-or-nothing first: a racing create of the same id does not fail on the key.
    inserted = conn.execute(
        upsert_statement(conn, customers)
        .values(id=customer.customer_id, points_balance=0, created_at=now, **fields)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(customers.c.pk)
    ).scalar_one_or_none()
    if inserted is None:
        conn.execute(
            customers.update().where(customers.c.id == customer.customer_id).values(**fields)
        )
    return get_customer(conn, customer.customer_id), inserted is not None


def get_customer(conn: Connection, customer_id: str) -> Customer:
    """One customer, or `UnknownCustomer`."""
    row = conn.execute(select(customers).where(customers.c.id == customer_id)).one_or_none()
    if row is None:
        raise UnknownCustomer(f"unknown customer {customer_id!r}", customer_id=customer_id)
    return customer_from_row(row)


def customer_pk(conn: Connection, customer_id: str, *, lock: bool = False) -> int:
    """The customer's key; with `lock`, the row stays locked until the transaction ends
    (PostgreSQL; SQLite's writers are serialised by BEGIN IMMEDIATE)."""
    query = select(customers.c.pk).where(customers.c.id == customer_id)
    pk = conn.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if pk is None:
        raise UnknownCustomer(f"unknown customer {customer_id!r}", customer_id=customer_id)
    return int(pk)


def customers_with_birthday_between(
    conn: Connection, start: date, end: date
) -> list[BirthdayCustomer]:
    """Customers whose birthday is celebrated from `start` to `end`, by id."""
    keys = sorted(month * 100 + day for month, day in birthdays_between(start, end))
    rows = conn.execute(
        select(
            customers.c.id,
            customers.c.birth_year,
            customers.c.birth_month,
            customers.c.birth_day,
            customers.c.marketing_consent,
        )
        .where((customers.c.birth_month * 100 + customers.c.birth_day).in_(keys))
        .order_by(customers.c.id)
    ).all()
    return [
        BirthdayCustomer(
            row.id,
            Birthday(row.birth_month, row.birth_day, row.birth_year),
            bool(row.marketing_consent),
        )
        for row in rows
    ]


def require_location(conn: Connection, location_id: str) -> None:
    """`UnknownLocation` unless the stock model knows `location_id`."""
    locations = stock_schema.locations
    found = conn.execute(
        select(locations.c.pk).where(locations.c.id == location_id)
    ).scalar_one_or_none()
    if found is None:
        raise UnknownLocation(f"unknown location {location_id!r}", location_id=location_id)


def customer_from_row(row: Any) -> Customer:
    """The domain `Customer` of a `customers` row."""
    birthday = (
        Birthday(row.birth_month, row.birth_day, row.birth_year)
        if row.birth_month is not None
        else None
    )
    return Customer(
        customer_id=row.id,
        name=row.name,
        email=row.email,
        birthday=birthday,
        marketing_consent=bool(row.marketing_consent),
        home_location_id=row.home_location_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
