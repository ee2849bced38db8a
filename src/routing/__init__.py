"""routing: pure optimisation of where to fulfil an order.

No database, no gRPC, no `inventory`: plain data in (an `Order`, a `Candidates` stock
snapshot as numpy arrays, a `CostModel`, `Constraints`), a `Plan` out::

    plan = route(order, candidates, CostModel(), Constraints(), strategy="optimal")

Strategies (pick by name, see `STRATEGIES`): ``optimal`` (exact: a greedy incumbent,
Lagrangian lower bounds with safe pruning and an exact two-shipment search settle almost
every order; CP-SAT only runs on what they leave), ``greedy_cost``, and the market's
baselines ``priority``, ``nearest`` and ``highest_stock``.

Business outcomes are results, not exceptions: an order that cannot be routed comes
back as a `Plan` with ``status=PlanStatus.INFEASIBLE`` and a ``reason``.
Malformed input raises from this tree::

    RoutingError
     ├── InvalidProblem     (also a ValueError) bad qty, shapes, duplicate SKUs, ...
     └── UnknownStrategy    (also a KeyError)   no strategy of that name
"""

from routing.cost_model import TERMS, CostModel, Zone
from routing.errors import InvalidProblem, RoutingError, UnknownStrategy
from routing.plan import (
    CollectAlternative,
    CollectInfo,
    Plan,
    PlanLine,
    PlanStatus,
    RunnerUp,
    Shipment,
    ShipmentKind,
)
from routing.problem import (
    UNLIMITED,
    Candidates,
    Constraints,
    FulfilmentMode,
    LocationKind,
    Order,
    OrderLine,
)
from routing.router import DEFAULT_TIME_LIMIT_S, route
from routing.strategies import STRATEGIES

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "STRATEGIES",
    "TERMS",
    "UNLIMITED",
    "Candidates",
    "CollectAlternative",
    "CollectInfo",
    "Constraints",
    "CostModel",
    "FulfilmentMode",
    "InvalidProblem",
    "LocationKind",
    "Order",
    "OrderLine",
    "Plan",
    "PlanLine",
    "PlanStatus",
    "RoutingError",
    "RunnerUp",
    "Shipment",
    "ShipmentKind",
    "UnknownStrategy",
    "Zone",
    "route",
]
