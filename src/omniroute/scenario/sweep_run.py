"""`run_sweep`: execute a sweep's runs on Ray, skipping those the cache holds.

Each run is one Ray task (one CPU); a run of a generated scenario waits for the task that
generates it, once per distinct generator setting. A failed run is reported with its error
and the others go on. `start_ray` starts a local instance with `workers` CPUs, or joins
the cluster at `address`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from omniroute.scenario.sweep_cache import SweepCache, base_digest, code_version, content_key
from omniroute.scenario.sweep_spec import SweepRun, SweepSpec
from omniroute.scenario.sweep_tasks import (
    RunJob,
    execute_run,
    generate_scenario,
    generator_settings,
)


@dataclass
class RunOutcome:
    """One run's result: its KPI rows, or the error that stopped it."""

    run: SweepRun
    key: str
    kpis: pd.DataFrame | None = None
    error: str | None = None
    cached: bool = False


@dataclass
class SweepResult:
    """Every run's outcome, in the order of the runs."""

    outcomes: list[RunOutcome] = field(default_factory=list)
    tasks: int = 0  # run tasks executed: runs that set the same fields share one

    @property
    def executed(self) -> int:
        """Runs executed now (not taken from the cache), failed ones included."""
        return sum(not o.cached for o in self.outcomes)

    @property
    def failed(self) -> int:
        """Runs that raised an error."""
        return sum(o.error is not None for o in self.outcomes)


Progress = Callable[[RunOutcome], None]


def start_ray(workers: int, address: str | None = None, temp_dir: str | None = None) -> None:
    """Start a local Ray instance with `workers` CPUs (no dashboard), or join `address`."""
    import ray

    if address:
        ray.init(address=address, logging_level=logging.ERROR)
    else:
        ray.init(
            num_cpus=workers,
            include_dashboard=False,
            logging_level=logging.ERROR,
            _temp_dir=temp_dir,
        )


def run_sweep(
    spec: SweepSpec,
    cache_dir: Path,
    progress: Progress | None = None,
    *,
    workers: int = 1,
    address: str | None = None,
) -> SweepResult:
    """Execute every run the cache does not hold on Ray.

    Uses the Ray instance already started in this process; else, when there is anything
    to execute, starts one (`start_ray`) and shuts it down afterwards.
    """
    import ray

    cache = SweepCache(cache_dir.resolve())
    base = base_digest(spec.base, spec.new_locations)
    jobs: list[tuple[SweepRun, RunJob]] = []
    outcomes: dict[int, RunOutcome] = {}
    for run in spec.runs():
        key = content_key(code_version(), base, run.overrides, spec.hindsight_time_limit_s)
        kpis = cache.kpis(key)
        if kpis is not None:
            outcomes[run.index] = RunOutcome(run, key, kpis, cached=True)
            if progress is not None:
                progress(outcomes[run.index])
            continue
        job = RunJob(
            run.index, key, spec.base, run.overrides, spec.new_locations,
            spec.hindsight_time_limit_s, cache.run_dir(key),
        )  # fmt: skip
        jobs.append((run, job))
    started_here = bool(jobs) and not ray.is_initialized()
    if started_here:
        start_ray(workers, address)
    try:
        tasks = _execute(spec, cache, jobs, outcomes, progress)
    finally:
        if started_here:
            ray.shutdown()
    return SweepResult([outcomes[k] for k in sorted(outcomes)], tasks)


def _execute(
    spec: SweepSpec,
    cache: SweepCache,
    jobs: list[tuple[SweepRun, RunJob]],
    outcomes: dict[int, RunOutcome],
    progress: Progress | None,
) -> int:
    """Submit the runs (after the scenarios they need generated), collect them; -> tasks."""
    import ray

    # Ray's stubs type a remote function by its arity only.
    generate_task: Any = ray.remote(num_cpus=1)(generate_scenario)
    run_task: Any = ray.remote(num_cpus=1, max_retries=0)(execute_run)
    generated: dict[str, Any] = {}
    submitted: dict[str, Any] = {}  # run key -> its task's result
    waiting: dict[Any, list[tuple[SweepRun, str]]] = {}  # a task's result -> its runs, key
    for run, job in jobs:
        if job.key in submitted:  # two values that set the same fields: one task
            waiting[submitted[job.key]].append((run, job.key))
            continue
        settings = generator_settings(spec.generator, run.overrides)
        scenario: Any = None
        if settings is not None:
            gen_key = content_key(code_version(), settings)
            if gen_key not in generated:
                path = cache.generated(gen_key)
                generated[gen_key] = path or generate_task.remote(
                    settings, cache.generated_dir(gen_key)
                )
            scenario = generated[gen_key]
        submitted[job.key] = run_task.remote(job, scenario)
        waiting[submitted[job.key]] = [(run, job.key)]
    while waiting:
        done, _ = ray.wait(list(waiting), num_returns=1)
        kpis, error = None, None
        try:
            kpis = ray.get(done[0])
        except ray.exceptions.RayError as exc:
            error = _message(exc)
        for run, key in waiting.pop(done[0]):
            outcomes[run.index] = RunOutcome(run, key, kpis, error)
            if progress is not None:
                progress(outcomes[run.index])
    return len(submitted)


def _message(exc: BaseException) -> str:
    """The error that stopped a run: the exception raised in the task, in one line."""
    cause = getattr(exc, "cause", None)
    while isinstance(cause, Exception) and getattr(cause, "cause", None) is not None:
        cause = getattr(cause, "cause", None)
    if isinstance(cause, BaseException):
        return f"{type(cause).__name__}: {cause}"
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1]}"
