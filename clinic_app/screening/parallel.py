"""Running re-screen plans on every core: workers read, screen and return what changed.

With fork (POSIX, when this process has a single thread and no Qt), the workers inherit the
compiled engine, the list of plans and the store reader: a job is just a range of plans, and
each worker reads its intakes itself with a connection of its own (reading and decoding the
facts costs as much as screening them, so the parent must not do it for both cores). Without
fork (spawn, forkserver), the parent reads each chunk and sends the tasks, and the workers
build their engine from the pack text (`engine_factory`, a picklable callable). With one
worker everything runs in this process. Only results (intakes whose screening differs) come
back; the parent writes them.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from multiprocessing.context import BaseContext
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import TracebackType
from typing import Protocol

from clinic_app.rescreening import RescreenPlan, RescreenResult, RescreenTask
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.screening.rescreen import rescreen

EngineFactory = Callable[[], ScreeningEngine]


class TaskReader(Protocol):
    """Reads the intakes of some plans (the store, in the parent or in a forked worker)."""

    def __call__(self, plans: Sequence[RescreenPlan]) -> list[RescreenTask]: ...

    def after_fork(self) -> None:
        """In a forked worker: drop the parent's connections (open new ones when needed)."""


# What a worker works with: set in the parent before a fork (inherited), or by `_init`.
_ENGINE: ScreeningEngine | None = None
_READER: TaskReader | None = None
_PLANS: Sequence[RescreenPlan] = ()


def _init(factory: EngineFactory | None) -> None:
    global _ENGINE
    if factory is not None:
        _ENGINE = factory()
    if _READER is not None:
        _READER.after_fork()


def screen_tasks(tasks: Sequence[RescreenTask], today: date) -> list[RescreenResult]:
    engine = _ENGINE
    assert engine is not None, "the worker has no screening engine"
    out = []
    for task in tasks:
        result = rescreen(engine, task, today)
        if result is not None:
            out.append(result)
    return out


def run_tasks(job: tuple[date, list[RescreenTask]]) -> list[RescreenResult]:
    """A job of read tasks (spawned workers)."""
    today, tasks = job
    return screen_tasks(tasks, today)


def run_range(job: tuple[date, int, int]) -> list[RescreenResult]:
    """A job of plans[start:end] (forked workers read them themselves)."""
    today, start, end = job
    assert _READER is not None
    return screen_tasks(_READER(_PLANS[start:end]), today)


def _single_threaded() -> bool:
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    except OSError:
        return False


def start_context() -> BaseContext:
    """fork when it is safe (one OS thread, no Qt): workers then inherit everything."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and "PySide6" not in sys.modules and _single_threaded():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ScreeningRunner:
    """`with ScreeningRunner(...) as runner: for results in runner.map(plans, ...): ...`."""

    def __init__(self, engine: ScreeningEngine, reader: TaskReader, *, workers: int = 1,
                 engine_factory: EngineFactory | None = None) -> None:
        self._engine = engine
        self._reader = reader
        self._factory = engine_factory
        self.workers = max(1, workers)
        self._pool: Pool | None = None

    def __enter__(self) -> ScreeningRunner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        global _PLANS, _READER
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.terminate()
            pool.join()
        _PLANS, _READER = (), None

    def map(self, plans: Sequence[RescreenPlan], chunk: int,
            today: date) -> Iterator[list[RescreenResult]]:
        """Results of each chunk of `plans`, in order; at most two jobs per worker wait."""
        global _ENGINE, _READER, _PLANS
        _ENGINE = self._engine
        ranges = [(start, min(start + chunk, len(plans)))
                  for start in range(0, len(plans), chunk)]
        if self.workers == 1:
            for start, end in ranges:
                yield screen_tasks(self._reader(plans[start:end]), today)
            return
        context = start_context()
        forked = context.get_start_method() == "fork"
        if not forked and self._factory is None:
            raise RuntimeError("worker processes need an engine factory (no fork here)")
        if forked:
            _READER, _PLANS = self._reader, plans   # inherited by the workers
        self._pool = context.Pool(self.workers, initializer=_init,
                                  initargs=(None if forked else self._factory,))
        pending: deque[AsyncResult[list[RescreenResult]]] = deque()
        for start, end in ranges:
            if forked:
                pending.append(self._pool.apply_async(run_range, ((today, start, end),)))
            else:   # the parent reads, the workers screen
                tasks = self._reader(plans[start:end])
                pending.append(self._pool.apply_async(run_tasks, ((today, tasks),)))
            while len(pending) > 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
