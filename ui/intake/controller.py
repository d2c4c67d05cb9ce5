"""Controller of one open intake: the facts, live checks and flags, autosave and completion.

The facts dict is the single source of truth: every edit is written into it at its JSON path,
then the window is refreshed (skip logic, progress) at once, the draft is saved within a second,
and checks and flags are recomputed ~150 ms after typing pauses, on a background thread, with
stale results dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from clinic_app.checklist import (
    CheckIssue,
    Checklist,
    Severity,
    check_facts,
    section_progress,
    set_answer,
    set_date_entry,
    visible_questions,
)
from clinic_app.domain import IntakeDocument, IntakeStatus
from clinic_app.errors import ClinicError
from clinic_app.services import ReviewQueries
from clinic_app.services.editing import (
    Completion,
    DraftSaved,
    DraftScreening,
    EditableIntake,
    IntakeEditing,
)
from ui.intake.autosave import Autosave
from ui.intake.places import humanize_paths, place_of, ui_language
from ui.intake.rows import Edit
from ui.intake.sections import SectionProgress
from ui.intake.view import IntakeWindow
from ui.workers import TaskRunner

log = logging.getLogger(__name__)

SCREEN_DELAY_MS = 150


def local_time(moment: datetime, seconds: bool = True) -> str:
    """A stored UTC time as the clock on the wall shows it: "14:02:31"."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%H:%M:%S" if seconds else "%H:%M")


class IntakeEditor(QObject):
    """Owns the IntakeWindow of one intake and keeps it, the store and the flags in step.

    Signals:
        draft_saved(DraftSaved): a draft reached the store.
        flags_changed(DraftScreening): a fresh screening is shown.
        title_changed(str): the client's name as typed so far (for the tab).
        completed(Completion): "Complete intake" finished (done, or what still blocks).
    """

    draft_saved = Signal(object)
    flags_changed = Signal(object)
    title_changed = Signal(str)
    completed = Signal(object)

    def __init__(self, editing: IntakeEditing, checklist: Checklist, opened: EditableIntake,
                 runner: TaskRunner, *, lang: str | None = None,
                 screen_runner: TaskRunner | None = None, save_delay_ms: int | None = None,
                 reviews: ReviewQueries | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self._reviews = reviews  # the attorney's decisions, shown read-only under the flags
        self.checklist = checklist
        self.lang = lang or ui_language()
        self._runner = runner
        # Screening is pure CPU: its own thread, so it never waits behind a slow store. Saves
        # get their own too: quiet (no busy bar every half second) and flushable on close.
        self._screen_runner = screen_runner or TaskRunner(self)
        self._save_runner = TaskRunner(self)
        self._facts: dict[str, Any] = dict(opened.facts)
        self._status = opened.status
        self._issues: list[CheckIssue] = []
        self._generation = 0
        self._closed = False
        self.screening: DraftScreening | None = None
        self.window = IntakeWindow(checklist, self.lang)
        if parent is None:
            self.setParent(self.window)  # lives and dies with its window (timers included)
        options = {} if save_delay_ms is None else {"delay_ms": save_delay_ms}
        self.autosave = Autosave(editing, self._save_runner, intake_id=opened.intake_id,
                                 client_id=opened.client_id, version=opened.version,
                                 parent=self, **options)
        self._screen_timer = QTimer(self)
        self._screen_timer.setSingleShot(True)
        self._screen_timer.setInterval(SCREEN_DELAY_MS)
        self._screen_timer.timeout.connect(self.screen_now)

        self.window.edited.connect(self.apply)
        self.window.save_requested.connect(self.save_now)
        self.window.complete_requested.connect(self.complete)
        self.window.flags.fact_activated.connect(self.go_to)
        self.window.completion.problem_activated.connect(self.go_to)
        self.autosave.draft_saved.connect(self._saved)
        self.autosave.save_failed.connect(self._save_failed)

        self.window.load(self._facts, self._visible())
        self._refresh()
        self._show_status()
        if opened.saved_at is not None:
            self.window.saved.setText(self.tr("Saved {time}").format(
                time=local_time(opened.saved_at)))
        if opened.recovered:
            when = local_time(opened.saved_at, seconds=False) if opened.saved_at else ""
            self.window.show_recovered(
                self.tr("Recovered a draft saved at {time} — nothing was lost.").format(time=when)
                if when else self.tr("Recovered a draft — nothing was lost."))
        self.screen_now()
        self.load_review()

    # -- state ---------------------------------------------------------------------------------

    @property
    def screening_pending(self) -> bool:
        """A live screening is queued or running and its result not yet shown (or dropped)."""
        return self._screen_runner.busy

    @property
    def facts(self) -> dict[str, Any]:
        return dict(self._facts)

    @property
    def intake_id(self) -> str | None:
        return self.autosave.intake_id

    @property
    def client_id(self) -> str | None:
        return self.autosave.client_id

    @property
    def issues(self) -> list[CheckIssue]:
        return list(self._issues)

    def title(self) -> str:
        """The client's name as typed so far, or "New client"."""
        document = IntakeDocument(self._facts)
        if document.given_names or document.family_names:
            return document.display_name
        return self.tr("New client")

    # -- edits ---------------------------------------------------------------------------------

    def apply(self, edit: Edit) -> None:
        """Write one answer into the facts; everything else follows from there."""
        try:
            if edit.dates:
                facts = set_date_entry(self._facts, edit.path, edit.value)
            else:
                facts = set_answer(self._facts, edit.path, edit.value)
        except ValueError as err:  # a path crossing an answer of another shape: keep the draft
            log.error("could not record the answer at %s: %s", edit.path, err)
            return
        self._facts = facts
        self._screen_timer.start()  # counts down while the window catches up below
        self.autosave.changed(self._facts)
        if self._status is IntakeStatus.COMPLETE:
            self._status = IntakeStatus.DRAFT  # a changed intake must be completed again
            self._show_status()
        self._refresh()

    def save_now(self) -> None:
        self.autosave.save_now()

    def go_to(self, path: str) -> None:
        """Jump to the answer at a JSON path (a flag's fact, a missing answer)."""
        place = place_of(self.checklist, self._facts, path, self.lang)
        if place is not None:
            self.window.go_to(place)

    # -- checks and flags ----------------------------------------------------------------------

    def screen_now(self) -> None:
        """Recompute checks and flags for the facts as they are (in the background)."""
        self._screen_timer.stop()
        self._generation += 1
        generation = self._generation
        facts = dict(self._facts)
        editing, checklist, lang = self.editing, self.checklist, self.lang

        def work() -> tuple[DraftScreening, list[CheckIssue]]:
            return (editing.screen_draft(facts, lang=lang),
                    check_facts(checklist, facts, today=date.today()))

        self._screen_runner.run(
            work, on_success=lambda result: self._screened(generation, facts, result),
            on_failure=lambda message: log.warning("live screening failed: %s", message),
            action=self.tr("updating the flags"))

    def _screened(self, generation: int, facts: Mapping[str, Any],
                  result: tuple[DraftScreening, list[CheckIssue]]) -> None:
        if generation != self._generation or self._closed:
            return  # the answers changed since: a newer screening is on its way
        screening, issues = result
        self.screening = screening
        self._issues = issues
        self.window.show_issues(issues)
        self.window.show_flags(
            screening,
            describe=lambda path: self._describe(facts, path),
            humanize=lambda text: humanize_paths(text, self.checklist, facts, self.lang))
        self._refresh_progress()
        self.flags_changed.emit(screening)

    def _describe(self, facts: Mapping[str, Any], path: str) -> str:
        place = place_of(self.checklist, facts, path, self.lang)
        return place.label if place is not None else path

    # -- completing ----------------------------------------------------------------------------

    def complete(self) -> None:
        """Store what is pending, then complete, or list what is still missing or wrong."""
        try:
            self.autosave.flush()
        except ClinicError as err:
            self._save_failed(str(err))
            return
        intake_id = self.autosave.intake_id
        if intake_id is None:  # nothing typed yet: nothing stored to complete
            self.window.completion.show_problems(
                self.editing.problems(self._facts), self.lang,
                lambda p: self._describe(self._facts, p))
            return
        editing, version = self.editing, self.autosave.version
        self._runner.run(lambda: editing.complete(intake_id, expected_version=version),
                         on_success=self._completed, on_failure=self._save_failed,
                         action=self.tr("completing the intake"))

    def _completed(self, completion: Completion) -> None:
        if completion.completed:
            self._status = IntakeStatus.COMPLETE
            if completion.version is not None:
                self.autosave.version = completion.version
            self.window.completion.show_done()
            self._show_status()
            self.load_review()  # the new screening may have re-opened a decision
        else:
            self.window.completion.show_problems(completion.problems, self.lang,
                                                 lambda p: self._describe(self._facts, p))
        self.completed.emit(completion)

    def load_review(self) -> None:
        """Show what the attorney decided about the stored flags (nothing when none is set)."""
        intake_id, reviews = self.intake_id, self._reviews
        if reviews is None or intake_id is None:
            return
        self._runner.run(lambda: reviews.review_for_intake(intake_id),
                         on_success=self.window.flags.show_attorney_review,
                         on_failure=lambda _message: self.window.flags.attorney_review.hide(),
                         action=self.tr("loading the attorney review"))

    # -- closing -------------------------------------------------------------------------------

    def close(self) -> bool:
        """Flush the pending save (synchronously) and note a clean close; False if the last
        changes could not be stored (they are still on screen)."""
        if self._closed:
            return True
        self._screen_timer.stop()
        try:
            self.autosave.flush()
        except ClinicError as err:
            self._save_failed(str(err))
            return False
        self._closed = True
        self._screen_runner.shutdown()
        self._save_runner.shutdown()
        if self.autosave.intake_id is not None:
            self.editing.close_intake(self.autosave.intake_id)
        return True

    # -- internals -----------------------------------------------------------------------------

    def _visible(self) -> set[str]:
        return {q.id for q in visible_questions(self.checklist, self._facts)}

    def _progress(self) -> list[SectionProgress]:
        counts = section_progress(self.checklist, self._facts)
        problems: dict[str, int] = {}
        for issue in self._issues:
            if issue.severity is Severity.ERROR:
                place = place_of(self.checklist, self._facts, issue.path, self.lang)
                if place is not None:
                    problems[place.section_id] = problems.get(place.section_id, 0) + 1
        return [SectionProgress(s.id, s.title.get(self.lang), *counts[s.id],
                                problems=problems.get(s.id, 0))
                for s in self.checklist.sections]

    def _refresh(self) -> None:
        title = self.title()
        self.window.refresh(self._facts, self._visible(), self._progress(), title)
        self.title_changed.emit(title)

    def _refresh_progress(self) -> None:
        self.window.section_model.set_sections(self._progress())

    def _show_status(self) -> None:
        self.window.status.setText(self.tr("Complete") if self._status is IntakeStatus.COMPLETE
                                   else self.tr("Draft"))

    def _saved(self, saved: DraftSaved) -> None:
        self.window.saved.setText(self.tr("Saved {time}").format(time=local_time(saved.saved_at)))
        self.window.saved.setProperty("problem", False)
        self.draft_saved.emit(saved)

    def _save_failed(self, message: str) -> None:
        self.window.saved.setText("⚠ " + self.tr(
            "Not saved: {message} Your answers stay here; the next change tries again.").format(
                message=message))
        self.window.saved.setProperty("problem", True)
