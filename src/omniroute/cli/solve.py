"""`omniroute solve PROBLEM.json [--strategy NAME] [--compare]`: route one problem file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from omniroute.problem_file import ProblemFileError, load_problem, plan_to_dict
from routing import STRATEGIES, RoutingError, route

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `solve` sub-command."""
    parser = subparsers.add_parser(
        "solve",
        help="route one order from a problem file and print the plan as JSON",
        description="Route one self-contained problem (docs/problem-file.md).",
    )
    parser.add_argument("problem", type=Path, help="path to a problem JSON file")
    parser.add_argument(
        "--strategy", choices=sorted(STRATEGIES), help="override the file's strategy"
    )
    parser.add_argument(
        "--compare", action="store_true", help="run every strategy and print them side by side"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Solve the file; print the plan(s) on stdout, errors on stderr; return the exit code."""
    try:
        problem = load_problem(args.problem)
        # `lookahead` is `optimal` on a problem file, which carries no forecast to price.
        compared = sorted(s for s in STRATEGIES if s != "lookahead")
        names = compared if args.compare else [args.strategy or problem.strategy]
        plans: dict[str, Any] = {}
        for name in names:
            plan = route(
                problem.order,
                problem.candidates,
                problem.cost_model,
                problem.constraints,
                strategy=name,
                time_limit_s=problem.time_limit_s,
            )
            plans[name] = plan_to_dict(plan)
    except (ProblemFileError, RoutingError) as exc:
        print(f"omniroute solve: {args.problem}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.compare:
        optimum = plans.get("optimal", {}).get("total_cents")
        summary = {
            name: {
                "status": p["status"],
                "total_cents": p["total_cents"],
                "shipments": len(p["shipments"]),
                "gap_to_optimal_cents": None if optimum is None else p["total_cents"] - optimum,
            }
            for name, p in plans.items()
        }
        json.dump({"summary": summary, "plans": plans}, sys.stdout, indent=2)
    else:
        json.dump(plans[names[0]], sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0
