"""The scenario package's exception tree (drawn in `omniroute.scenario`)."""

from __future__ import annotations


class ScenarioError(Exception):
    """Base class of every error raised by `omniroute.scenario`."""


class InvalidScenario(ScenarioError, ValueError):
    """A scenario file or one of its tables is unreadable or wrong.

    The message names the file, and for tables the row and the field.
    """


class UnknownCountry(ScenarioError, KeyError):
    """The generator has no cities for the requested country code."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown country"


class InvalidSweep(ScenarioError, ValueError):
    """A sweep file is unreadable or names an unknown axis, field or location.

    Values are checked by each run, as in a scenario file: a bad value fails that run only.
    """
