"""Entry point of the `omniroute` console script."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module named here defines `register(subparsers)` and sets `func` on its parser.
COMMAND_MODULES = (
    "omniroute.cli.stock",
    "omniroute.cli.solve",
    "omniroute.cli.serve",
    "omniroute.cli.scenario",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="omniroute", description="Order routing and inventory optimisation."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
