"""Running re-screen tasks on every core: chunks go to worker processes, results come back.

The parent keeps the store (reading the next chunk while the workers screen the previous ones)
and writes the results; workers only screen. A worker gets its engine by inheriting the
parent's (fork, when this process has a single thread) or by building it from the pack text
(`engine_factory`, a picklable callable: spawn or forkserver). With one worker, or few tasks,
everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from multiprocessing.context import BaseContext
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import TracebackType

from clinic_app.rescreening import RescreenResult, RescreenTask
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.screening.rescreen import rescreen

EngineFactory = Callable[[], ScreeningEngine]
Chunk = list[RescreenTask]

_ENGINE: ScreeningEngine | None = None


def _init(factory: EngineFactory | None) -> None:
    global _ENGINE
    if factory is not None:
        _ENGINE = factory()


def run_chunk(job: tuple[date, Chunk]) -> list[RescreenResult]:
    """Screen one chunk in this process (a worker, or the parent with one worker)."""
    today, tasks = job
    engine = _ENGINE
    assert engine is not None, "the worker has no screening engine"
    out = []
    for task in tasks:
        result = rescreen(engine, task, today)
        if result is not None:
            out.append(result)
    return out


def _single_threaded() -> bool:
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    except OSError:
        return False


def start_context() -> BaseContext:
    """fork when it is safe (one OS thread, no Qt): workers then inherit the compiled pack."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and "PySide6" not in sys.modules and _single_threaded():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ScreeningRunner:
    """`with ScreeningRunner(...) as runner: for results in runner.map(chunks): ...`."""

    def __init__(self, engine: ScreeningEngine, *, workers: int = 1,
                 engine_factory: EngineFactory | None = None) -> None:
        self._engine = engine
        self._factory = engine_factory
        self.workers = max(1, workers)
        self._pool: Pool | None = None

    def __enter__(self) -> ScreeningRunner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.terminate()
            pool.join()

    def _start(self) -> Pool:
        global _ENGINE
        if self._pool is None:
            context = start_context()
            forked = context.get_start_method() == "fork"
            if not forked and self._factory is None:
                raise RuntimeError("worker processes need an engine factory (no fork here)")
            _ENGINE = self._engine  # inherited by forked workers
            self._pool = context.Pool(self.workers, initializer=_init,
                                      initargs=(None if forked else self._factory,))
        return self._pool

    def map(self, chunks: Iterable[Chunk], today: date) -> Iterator[list[RescreenResult]]:
        """Results of each chunk, in order; at most two chunks per worker are in flight."""
        global _ENGINE
        if self.workers == 1:
            _ENGINE = self._engine
            for chunk in chunks:
                yield run_chunk((today, chunk))
            return
        pool = self._start()
        pending: deque[AsyncResult[list[RescreenResult]]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(run_chunk, ((today, chunk),)))
            while len(pending) > 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
