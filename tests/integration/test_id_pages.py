"""Pages of master data by id on real SQLite and PostgreSQL: byte order of ids even where
the database's collation would sort them otherwise, every item once."""

from __future__ import annotations

from sqlalchemy import text

from inventory import Sku
from inventory.model import StockModel

IDS = ["b-1", "B2", "a", "A-3", "10", "9", "ä", "Z", "_x"]


def natural_language_collation(model: StockModel) -> None:
    """Give skus.id an English collation on PostgreSQL, as a database created with an
    en_US locale has: there 'a' < 'B' and '-' is ignored."""
    if model.engine.dialect.name != "postgresql":
        return
    with model.write() as conn:
        conn.execute(
            text('ALTER TABLE skus ALTER COLUMN id TYPE varchar(64) COLLATE "en-US-x-icu"')
        )


def every_page(model: StockModel, limit: int) -> list[list[str]]:
    pages: list[list[str]] = []
    after = None
    while page := [sku.id for sku in model.list_skus(after=after, limit=limit)]:
        pages.append(page)
        after = page[-1]
    return pages


def test_skus_are_listed_in_byte_order_of_ids_whatever_the_collation(model: StockModel) -> None:
    natural_language_collation(model)
    model.upsert_skus([Sku(i, i, "any", 100, 1000) for i in IDS])

    for limit in (1, 2, 4, 100):
        pages = every_page(model, limit)
        assert [i for page in pages for i in page] == sorted(IDS, key=str.encode)
        assert all(len(page) == limit for page in pages[:-1])


def test_a_category_filter_keeps_the_order_and_pages(model: StockModel) -> None:
    model.upsert_skus([Sku(i, i, "odd" if n % 2 else "even", 100, 1000) for n, i in enumerate(IDS)])
    odd = sorted(IDS[1::2], key=str.encode)

    first = model.list_skus(after=None, limit=2, category="odd")
    rest = model.list_skus(after=first[-1].id, limit=100, category="odd")

    assert [s.id for s in first + rest] == odd
