"""routing: pure optimisation of where to fulfil an order.

No database, no gRPC, no `inventory`: plain data in (an `Order`, a `Candidates` stock
snapshot as numpy arrays, a `CostModel`, `Constraints`), a `Plan` out::

    plan = route(order, candidates, CostModel(), Constraints(), strategy="optimal")

Strategies (pick by name, see `STRATEGIES`): ``optimal`` (exact: a greedy incumbent,
Lagrangian lower bounds with safe pruning and an exact two-shipment search settle almost
every order; CP-SAT only runs on what they leave), ``greedy_cost``, and the market's
baselines ``priority``, ``nearest`` and ``highest_stock``.

Many orders over one network (a scenario replay): `routing.batch.settle_batch` settles a
whole batch at once wherever one location is provably optimal, with the very plan
`route(..., explain=False)` gives, and leaves the rest to `route`.

Returns (`route_return`, strategies in `RETURN_STRATEGIES`): where a returned parcel
goes, or what a drop-off store keeps, minimising shipping and handling minus the value
of each unit where it lands; `disposition(condition, kind)` says what happens to it::

    plan = route_return(request, destinations, ReturnCostModel(), strategy="optimal")

Business outcomes are results, not exceptions: an order that cannot be routed comes
back as a `Plan` (a return as a `ReturnPlan`) with ``status=PlanStatus.INFEASIBLE`` and
a ``reason``.
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
from routing.return_cost_model import RETURN_TERMS, ReturnCostModel
from routing.return_disposition import Disposition, disposition
from routing.return_plan import ReturnAlternative, ReturnLinePlan, ReturnPlan
from routing.return_problem import (
    ReturnChannel,
    ReturnCondition,
    ReturnDestinations,
    ReturnLine,
    ReturnRequest,
)
from routing.return_strategies import RETURN_STRATEGIES
from routing.returns import route_return
from routing.router import DEFAULT_TIME_LIMIT_S, route
from routing.strategies import STRATEGIES

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "RETURN_STRATEGIES",
    "RETURN_TERMS",
    "STRATEGIES",
    "TERMS",
    "UNLIMITED",
    "Candidates",
    "CollectAlternative",
    "CollectInfo",
    "Constraints",
    "CostModel",
    "Disposition",
    "FulfilmentMode",
    "InvalidProblem",
    "LocationKind",
    "Order",
    "OrderLine",
    "Plan",
    "PlanLine",
    "PlanStatus",
    "ReturnAlternative",
    "ReturnChannel",
    "ReturnCondition",
    "ReturnCostModel",
    "ReturnDestinations",
    "ReturnLine",
    "ReturnLinePlan",
    "ReturnPlan",
    "ReturnRequest",
    "RoutingError",
    "RunnerUp",
    "Shipment",
    "ShipmentKind",
    "UnknownStrategy",
    "Zone",
    "disposition",
    "route",
    "route_return",
]
