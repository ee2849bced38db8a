"""GetOpportunityPrices: the board's current prices as the contract's message, paged.

Stock prices are listed largest first (ties by location, then SKU); a page token is the
position after the page, checked against the filters and the solve it came from, so a
token of older prices is refused rather than silently skipping or repeating entries.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

from inventory.snapshot import IntArray
from omniroute.convert.common import to_timestamp
from omniroute.convert.paging import page_request
from omniroute.errors import InvalidRequest
from omniroute.lookahead.board import PriceSet
from omniroute.v1 import order_service_pb2 as pb

LISTING = "GetOpportunityPrices"


def prices_to_proto(priced: PriceSet | None, request: Any, unavailable: str | None) -> Any:
    """The response for `request` from `priced` (None: not computed yet, `unavailable` says
    why)."""
    if priced is None:
        return pb.GetOpportunityPricesResponse(
            available=False, status=unavailable or "not computed yet"
        )
    rows = _selected(priced.row_of, request.location_ids)
    columns = _selected(priced.column_of, request.sku_ids)
    filters = "\0".join(
        [priced.computed_at.isoformat(), ",".join(sorted(request.location_ids)),
         ",".join(sorted(request.sku_ids))]
    )  # fmt: skip
    page = page_request(request, LISTING, filters)
    start = _offset(page.after)
    stock = np.rint(priced.prices.stock[np.ix_(rows, columns)]).astype(np.int64)
    r, c = np.nonzero(stock > 0)
    cents = stock[r, c]
    order = np.lexsort((c, r, -cents))
    chosen = order[start : start + page.limit]
    positions = [str(start + k + 1) for k in range(chosen.size)]
    response = pb.GetOpportunityPricesResponse(
        available=True,
        theta=priced.theta,
        trigger=priced.trigger,
        status=priced.prices.status,
        history_days=priced.history_days,
        expected_units=priced.expected_units,
        next_page_token=page.next_token(positions),
    )
    response.computed_at.CopyFrom(to_timestamp(priced.computed_at))
    response.horizon_end.CopyFrom(to_timestamp(priced.horizon_end))
    response.refresh_time.FromTimedelta(timedelta(seconds=priced.refresh_s))
    for k in chosen[: page.size].tolist():
        response.stock_prices.add(
            location_id=priced.location_ids[rows[r[k]]],
            sku_id=priced.sku_ids[columns[c[k]]],
            cents_per_unit=int(cents[k]),
        )
    if start == 0:
        capacity = np.rint(priced.prices.capacity[rows]).astype(np.int64)
        for k in np.flatnonzero(capacity.any(axis=1)).tolist():
            today, tomorrow, later = capacity[k].tolist()
            response.capacity_prices.add(
                location_id=priced.location_ids[rows[k]],
                today_cents=today,
                tomorrow_cents=tomorrow,
                later_cents=later,
            )
    return response


def _selected(index: dict[str, int], wanted: Any) -> IntArray:
    """Rows (or columns) of the wanted ids, all when none is given; ids added to the
    network since the prices were computed have none."""
    if not wanted:
        return np.arange(len(index), dtype=np.int64)
    return np.array(sorted({index[x] for x in wanted if x in index}), dtype=np.int64)


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    if not after.isdigit():
        raise InvalidRequest("page_token: not a token of GetOpportunityPrices")
    return int(after)
