"""The routing package's exception tree (drawn in `routing.__init__`)."""

from __future__ import annotations


class RoutingError(Exception):
    """Base class of every error raised by `routing`."""


class InvalidProblem(RoutingError, ValueError):
    """The order, candidates, cost model or constraints are malformed.

    Business outcomes (no stock, radius excludes everything) are never raised:
    they come back as a `Plan` with status INFEASIBLE.
    """

    reason = "ROUTING_PROBLEM_INVALID"


class UnknownStrategy(RoutingError, KeyError):
    """No strategy is registered under the requested name."""

    reason = "STRATEGY_UNKNOWN"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown strategy"
