"""PostgreSQL connections: pinged before use only after sitting idle in the pool."""

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from inventory import Sku, database
from inventory.model import StockModel


def drop_other_connections(url: str) -> None:
    """What a server restart does to the pool: every other session is gone."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def model(postgres_url: str):
    stock_model = StockModel.open(postgres_url)
    stock_model.upsert_skus([Sku("SCARF", "Scarf", "accessories", 200, 3995)])
    yield stock_model
    stock_model.close()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    model: StockModel, postgres_url: str, monkeypatch: pytest.MonkeyPatch
):
    drop_other_connections(postgres_url)
    monkeypatch.setattr(database, "IDLE_PING_S", 0.0)
    assert model.get_sku("SCARF").price_cents == 3995


def test_a_pinged_connection_serves_reads_and_writes_as_before(
    model: StockModel, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(database, "IDLE_PING_S", 0.0)
    for _ in range(3):  # every checkout after the first pings a pooled connection
        assert model.get_sku("SCARF").weight_g == 200
        model.upsert_skus([Sku("SCARF", "Scarf", "accessories", 250, 3995)])
        model.upsert_skus([Sku("SCARF", "Scarf", "accessories", 200, 3995)])
    assert model.audit().ok


def test_a_connection_in_steady_use_is_not_pinged_and_a_dropped_one_fails_once(
    model: StockModel, postgres_url: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(database, "IDLE_PING_S", 3600.0)
    drop_other_connections(postgres_url)
    with pytest.raises(OperationalError):
        model.get_sku("SCARF")
    # The failure invalidated the pool: the next call gets a fresh connection.
    assert model.get_sku("SCARF").price_cents == 3995
