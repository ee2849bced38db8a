from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from inventory.model import StockModel
from omniroute.tables import metadata


def test_migrations_build_exactly_the_schema_the_code_uses(database_url: str):
    model = StockModel.open(database_url)
    with model.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    model.close()
    assert diff == []


def test_opening_twice_migrates_once(database_url: str):
    StockModel.open(database_url).close()
    StockModel.open(database_url).close()
