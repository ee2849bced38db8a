"""The `lookahead:` settings of a scenario file (see docs/scenarios.md, "Look-ahead")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LookaheadSettings:
    """How `lookahead` prices: see docs/scenarios.md ("Look-ahead")."""

    theta: float = 0.7
    resolve_every: int = 250
    horizon_days: float = 2.0
    sample_days: int = 1
    nearest: int = 8
    half_life_days: float = 7.0
    time_limit_s: float = 30.0
