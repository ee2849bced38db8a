"""Every table of the service's database on one `MetaData`: the stock model's own tables
and those of the service's packages, which one Alembic chain migrates
(src/inventory/migrations). Import `metadata` from here to see them all."""

from inventory.schema import metadata
from omniroute.customers import tables as customer_tables
from omniroute.orders import tables as order_tables
from omniroute.promotions import schema as promotion_tables
from omniroute.returns import tables as return_tables

#: The packages whose tables live on `metadata` (imported for that side effect).
TABLE_MODULES = (customer_tables, order_tables, promotion_tables, return_tables)

__all__ = ["TABLE_MODULES", "metadata"]
