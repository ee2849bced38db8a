"""Return strategies behind one interface, and their registry `RETURN_STRATEGIES`.

A strategy picks one option for a compiled return, given the exact menu of options
(cheapest first) and the configured returns location. ``optimal`` takes the cheapest;
the baselines pick a destination by a fixed rule, as shops do today, and send
everything there (at a drop-off, "there" may be the store itself: it keeps everything).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from routing.errors import UnknownStrategy
from routing.return_instance import Choice, ReturnInstance
from routing.return_menu import Menu, Option
from routing.return_pricing import terms_of


@dataclass(frozen=True)
class Pick:
    """A strategy's answer: the option (None: cannot route) and why, in a phrase."""

    option: Option | None
    why: str


ReturnStrategy = Callable[[ReturnInstance, Menu, str | None], Pick]


def optimal(inst: ReturnInstance, options: Menu, returns_location: str | None) -> Pick:
    """The cheapest option: exact, the menu prices every option at its best."""
    if not len(options):
        return Pick(None, "no location accepts returns")
    return Pick(options.option(0), f"the cheapest of {len(options)} options")


def origin(inst: ReturnInstance, options: Menu, returns_location: str | None) -> Pick:
    """Back to the location that shipped the most returned units (Magento's default)."""
    shipped: Counter[str] = Counter()
    for line in inst.request.lines:
        if line.origin_location_id is not None:
            shipped[line.origin_location_id] += line.qty
    if not shipped:
        return Pick(None, "no returned line names the location that shipped it")
    location = shipped.most_common(1)[0][0]
    return _send_all(inst, location, "the location that shipped it")


def nearest(inst: ReturnInstance, options: Menu, returns_location: str | None) -> Pick:
    """The nearest location that accepts returns (at a drop-off: the store itself)."""
    accepts = np.asarray(inst.destinations.accepts_returns, dtype=bool)
    rows = np.flatnonzero(accepts)
    if not rows.size:
        return Pick(None, "no location accepts returns")
    row = int(rows[np.argmin(inst.km[rows])])
    return _send_all(inst, inst.location_id(row), "the nearest location that accepts returns")


def returns_warehouse(inst: ReturnInstance, options: Menu, returns_location: str | None) -> Pick:
    """Everything to one fixed returns location."""
    assert returns_location is not None
    return _send_all(inst, returns_location, "the configured returns location")


def _send_all(inst: ReturnInstance, location: str, why: str) -> Pick:
    row = inst.destinations.location_ids.index(location)
    if not inst.destinations.accepts_returns[row]:
        return Pick(None, f"{why} ({location}) does not accept returns")
    lines = len(inst.request.lines)
    if row == inst.drop:
        choice = Choice(None, tuple(int(q) for q in inst.qty))
    else:
        choice = Choice(row, (0,) * lines)
    total = sum(terms_of(inst, choice).values())
    km = 0.0 if choice.row is None else float(inst.km[row])
    return Pick(Option(choice, total, km), why)


RETURN_STRATEGIES: dict[str, ReturnStrategy] = {
    "optimal": optimal,
    "origin": origin,
    "nearest": nearest,
    "returns_warehouse": returns_warehouse,
}


def get_return_strategy(name: str) -> ReturnStrategy:
    """The return strategy registered under `name`; raises `UnknownStrategy` otherwise."""
    try:
        return RETURN_STRATEGIES[name]
    except KeyError:
        known = ", ".join(sorted(RETURN_STRATEGIES))
        raise UnknownStrategy(f"unknown return strategy {name!r} (known: {known})") from None
