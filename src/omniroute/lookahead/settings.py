"""`LookaheadConfig`: how the service computes its opportunity prices."""

from __future__ import annotations

from dataclasses import dataclass

from omniroute.errors import ConfigurationError


@dataclass(frozen=True)
class LookaheadConfig:
    """Settings of the background price job (`omniroute serve --lookahead-*`)."""

    #: Weight of the opportunity prices in the routing cost (0: `lookahead` = `optimal`).
    theta: float = 0.7
    #: Seconds between two solves of the remaining-horizon LP.
    every_s: float = 300.0
    #: Seconds between checks for a large stock change (which solves at once).
    check_s: float = 15.0
    #: Units received (stock feed receipts) since the last solve that make a large change.
    restock_units: int = 500
    #: Days of stored orders the forecast learns from.
    history_days: int = 28
    #: Days the remaining horizon reaches ahead of now.
    horizon_days: float = 2.0
    #: Days after which a past day weighs half as much in the forecast.
    half_life_days: float = 7.0
    #: Most seconds one LP solve may take.
    time_limit_s: float = 30.0

    def __post_init__(self) -> None:
        checks = (
            (0 <= self.theta <= 10, "theta must be 0..10"),
            (1 <= self.every_s <= 86_400, "every must be 1..86400 seconds"),
            (0 < self.check_s <= self.every_s, "check must be above 0 and at most every"),
            (self.restock_units >= 1, "restock units must be at least 1"),
            (1 <= self.history_days <= 366, "history days must be 1..366"),
            (0 < self.horizon_days <= 14, "horizon days must be above 0 and at most 14"),
            (self.half_life_days > 0, "half life days must be above 0"),
            (0 < self.time_limit_s <= 600, "time limit must be above 0 and at most 600 s"),
        )
        for ok, message in checks:
            if not ok:
                raise ConfigurationError(f"lookahead: {message}")
