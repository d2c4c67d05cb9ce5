"""Autosave: every change is stored as a draft within a second, quietly, off the GUI thread.

Changes are gathered for ~500 ms of quiet (but never longer than ~0.9 s while the paralegal
keeps typing), then the newest facts are saved on a TaskRunner. One save
is in flight at a time, because each save must start from the version the previous one wrote
(optimistic locking); changes made meanwhile are saved right after it. Closing the window
flushes synchronously, so nothing typed in the last half second is lost.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from clinic_app.services.editing import DraftSaved, IntakeEditing
from ui.workers import TaskRunner

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 500
MAX_WAIT_MS = 900  # typing without a pause still reaches the store within a second


class Autosave(QObject):
    """Saves the drafts of one intake.

    Signals:
        draft_saved(DraftSaved): a draft reached the store (ids, version, time).
        save_failed(str): a save failed; a plain message. The facts stay in the window and the
            next change tries again.
    """

    draft_saved = Signal(object)
    save_failed = Signal(str)

    def __init__(self, editing: IntakeEditing, runner: TaskRunner, *,
                 intake_id: str | None, client_id: str | None, version: int | None,
                 delay_ms: int = SAVE_DELAY_MS, max_wait_ms: int = MAX_WAIT_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editing = editing
        self._runner = runner
        self.intake_id = intake_id
        self.client_id = client_id
        self.version = version
        self._pending: dict[str, Any] | None = None
        self._in_flight: dict[str, Any] | None = None
        self._saving = False
        self._lock = threading.Lock()
        self._landed: DraftSaved | None = None  # written by the pool thread, read on flush
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max(delay_ms, max_wait_ms))
        self._deadline.timeout.connect(self._start)

    @property
    def dirty(self) -> bool:
        """True while a change has not reached the store yet."""
        return self._pending is not None or self._saving

    def changed(self, facts: Mapping[str, Any]) -> None:
        """The facts changed: save them within `delay_ms` (later changes restart the wait)."""
        self._pending = copy.deepcopy(dict(facts))
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def save_now(self) -> None:
        """Ctrl+S: save what is pending at once (still in the background)."""
        if self._pending is not None:
            self._start()

    def flush(self) -> DraftSaved | None:
        """Store every pending change before returning (the window is closing).

        Waits for a save in flight, then saves what is left on this thread. Returns the last
        save, or None if there was nothing to save. Raises ClinicError if the store refuses.
        """
        self._timer.stop()
        self._deadline.stop()
        if self._saving:
            self._runner.wait_for_done()
            with self._lock:
                landed, self._landed = self._landed, None
            if landed is not None:
                self._apply(landed)
            elif self._pending is None:
                self._pending = self._in_flight  # that save failed: try it once more here
            self._saving = False
            self._in_flight = None
        if self._pending is None:
            return None
        facts, self._pending = self._pending, None
        saved = self._editing.save_draft(self.intake_id, facts, expected_version=self.version,
                                         client_id=self.client_id)
        self._apply(saved)
        self.draft_saved.emit(saved)
        return saved

    # -- internals ---------------------------------------------------------------------------

    def _start(self) -> None:
        if self._saving or self._pending is None:
            return  # the save in flight picks up the pending facts when it lands
        self._timer.stop()
        self._deadline.stop()
        facts, self._pending = self._pending, None
        self._saving = True
        self._in_flight = facts
        editing, intake_id = self._editing, self.intake_id
        version, client_id = self.version, self.client_id

        def save() -> DraftSaved:
            saved = editing.save_draft(intake_id, facts, expected_version=version,
                                       client_id=client_id)
            with self._lock:
                self._landed = saved
            return saved

        self._runner.run(save, on_success=self._saved, on_failure=self._failed,
                         action=self.tr("saving the draft"))

    def _apply(self, saved: DraftSaved) -> None:
        if self.version is not None and saved.intake_id == self.intake_id \
                and saved.version <= self.version:
            return  # already applied (flush read it before the delivery arrived)
        self.intake_id = saved.intake_id
        self.client_id = saved.client_id
        self.version = saved.version

    def _saved(self, saved: DraftSaved) -> None:
        with self._lock:
            self._landed = None
        if not self._saving:
            return  # flush already took this one
        self._saving = False
        self._in_flight = None
        self._apply(saved)
        self.draft_saved.emit(saved)
        if self._pending is not None:
            self._start()

    def _failed(self, message: str) -> None:
        if not self._saving:
            return
        self._saving = False
        if self._pending is None:
            self._pending = self._in_flight  # kept: the next change or the close saves it
        self._in_flight = None
        log.warning("autosave failed: %s", message)
        self.save_failed.emit(message)

