"""Run service calls off the GUI thread; deliver the outcome back on it (Anki's CollectionOp idea).

Every query, import or PDF goes through `TaskRunner.run`, so the window never freezes and errors
reach the user in one consistent, plain form: a sentence, never a traceback.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from clinic_app.errors import ClinicError

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class _Task:
    """What to do with a task's outcome; kept until delivery so the callbacks stay alive."""

    action: str
    on_success: Callable[[Any], None]
    on_failure: Callable[[str], None] | None


class TaskRunner(QObject):
    """Runs callables on its own QThreadPool; results and errors arrive on the GUI thread.

    One worker thread by default: one store, one queue, so operations finish in the order the user
    asked for them (a refresh queued after an import sees the imported clients).

    Signals:
        busy_changed(bool): work started (True) or the last running task finished (False).
        task_failed(str): a task without its own failure handler failed; the plain message.
    """

    busy_changed = Signal(bool)
    task_failed = Signal(str)
    # Emitted from a pool thread; the queued connection below hops to the GUI thread.
    _completed = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._completed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def run(
        self,
        fn: Callable[[], T],
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None] | None = None,
        action: str = "",
    ) -> int:
        """Start `fn()` in the background; call `on_success(result)` or `on_failure(message)` later.

        `action` names the work in the user's words ("loading clients") for the fallback message.
        `fn` must not touch widgets: it runs on a pool thread. Returns a task id.
        """
        if self._closed:
            raise RuntimeError("TaskRunner has been shut down")
        task_id = next(self._ids)
        was_idle = not self._tasks
        self._tasks[task_id] = _Task(action, on_success, on_failure)
        completed = self._completed

        def work() -> None:
            try:
                result: object = fn()
            except Exception as exc:  # every failure must reach the user, not kill the thread
                if not isinstance(exc, ClinicError):
                    log.error("Background task %r failed", action, exc_info=exc)
                completed.emit(task_id, False, exc)
            else:
                completed.emit(task_id, True, result)

        self._pool.start(work)
        if was_idle:
            self.busy_changed.emit(True)
        return task_id

    def wait_for_done(self, timeout_ms: int = 10_000) -> bool:
        """Block until queued and running work has finished (results are still delivered,
        later, on the GUI thread). For a window that must flush a save before it goes."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop queued work, wait for running work, and deliver nothing more (window closing)."""
        self._closed = True
        self._pool.clear()
        done = self._pool.waitForDone(timeout_ms)
        self._tasks.clear()
        return done

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None or self._closed:
            return
        try:
            if ok:
                task.on_success(payload)
            else:
                message = self.describe_error(payload, task.action)
                if task.on_failure is not None:
                    task.on_failure(message)
                else:
                    self.task_failed.emit(message)
        finally:
            if not self._tasks:
                self.busy_changed.emit(False)

    def describe_error(self, error: object, action: str = "") -> str:
        """Turn an exception into one plain sentence for the screen (details go to the log)."""
        if isinstance(error, ClinicError):
            return str(error)
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            if error.filename:
                return self.tr("Could not use {path}: {reason}.").format(
                    path=error.filename, reason=reason)
            return self.tr("A file or network operation failed: {reason}.").format(reason=reason)
        if action:
            return self.tr(
                "Something went wrong while {action}. The details were written to the log."
            ).format(action=action)
        return self.tr("Something went wrong. The details were written to the log.")
