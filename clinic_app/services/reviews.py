"""Attorney review use cases: the queue, opening an intake to review, dispositions, sign-off.

Only attorneys (and admins) decide: `Permission.REVIEW_RECORD` is checked here, in the service,
so the GUI, the command line and any script obey the same rule. Paralegals read the outcome on
their intake through `review_for_intake`. Every decision is one unit of work that stores the row
and its audit event together.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from clinic_app.audit_log import AuditAction
from clinic_app.deadlines import still_open
from clinic_app.domain import Deadline, Disposition, FlagLevel, IntakeStatus, ScreeningChange
from clinic_app.errors import ConcurrentChangeError, NotFound, StoreError
from clinic_app.ports import UnitOfWork, UnitOfWorkFactory
from clinic_app.review import FLAG_DISPOSITIONS, ReviewError, ReviewState, review_state
from clinic_app.security import Actor, Permission, require

_FAR = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ReviewQueueItem:
    """One intake waiting for an attorney: what is left to decide and how soon it matters."""

    intake_id: str
    client_id: str
    client_name: str
    to_review: int  # flags without a disposition that still holds
    urgent: int  # of those, urgent ones
    reopened: int  # of those, decided once and re-opened by a later screening
    flag_ids: tuple[str, ...]  # the flags to review, most urgent first
    next_deadline: Deadline | None
    waiting_since: datetime | None  # when the intake was taken

    @property
    def ready_to_sign_off(self) -> bool:
        return self.to_review == 0


def queue_key(item: ReviewQueueItem) -> tuple[bool, date, int, datetime]:
    """Most urgent first: flags still to review before sign-offs, then the nearest open
    deadline (overdue ones first), then the most urgent flags, then the longest waiting."""
    due = item.next_deadline.due if item.next_deadline else date.max
    return item.ready_to_sign_off, due, -item.urgent, item.waiting_since or _FAR


@dataclass(frozen=True)
class IntakeReview:
    """An intake as an attorney reviews it: its facts (read-only), flags, history, deadlines."""

    intake_id: str
    client_id: str
    client_name: str
    facts: Mapping[str, Any]
    status: IntakeStatus
    state: ReviewState
    deadlines: tuple[Deadline, ...] = ()
    screened_as_of: date | None = None
    rule_pack: str = ""


class ReviewService:
    """Reviews over one store, for one signed-in user."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, actor: Actor,
                 today: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._today = today
        self.actor = actor

    # -- reading -------------------------------------------------------------------------------

    def queue(self) -> list[ReviewQueueItem]:
        """Newest intakes with flags still to review or a sign-off due, most urgent first."""
        require(self.actor, Permission.REVIEW_RECORD)
        today = self._today()
        with self._uow() as uow:
            flagged = [s for s in uow.intakes.iter_latest() if s.flags]
            reviews = uow.reviews.for_intakes([s.intake_id for s in flagged])
            # Only intakes with a decision can be re-opened by a re-screen: ask for those.
            changed = {i: uow.screening_changes.changed_at(i) for i in reviews}
            deadlines: dict[str, list[Deadline]] = {}
            for d in uow.deadlines.all():
                if still_open(d, today):
                    deadlines.setdefault(d.client_id, []).append(d)
        items = []
        for stored in flagged:
            state = review_state(stored.intake_id, stored.flags,
                                 reviews.get(stored.intake_id, []), stored.document.facts,
                                 changed_at=changed.get(stored.intake_id))
            if state.signed_off:
                continue
            todo = sorted(state.unreviewed, key=lambda s: -s.flag.level.rank)
            mine = deadlines.get(stored.client_id, [])
            items.append(ReviewQueueItem(
                intake_id=stored.intake_id, client_id=stored.client_id,
                client_name=stored.document.display_name, to_review=len(todo),
                urgent=sum(1 for s in todo if s.flag.level is FlagLevel.URGENT),
                reopened=sum(1 for s in todo if s.reopened),
                flag_ids=tuple(s.flag.id for s in todo),
                next_deadline=min(mine, key=lambda d: d.due, default=None),
                waiting_since=stored.created_at))
        return sorted(items, key=queue_key)

    def open_review(self, intake_id: str) -> IntakeReview:
        """Everything the review screen shows about one intake; the viewing is audited."""
        require(self.actor, Permission.INTAKE_VIEW)
        with self._uow() as uow:
            stored = uow.intakes.get(intake_id)
            if stored is None:
                raise NotFound(f"no intake with id {intake_id}")
            screening = uow.flags.for_intake(intake_id)
            state = _state(uow, intake_id)
            deadlines = tuple(d for d in uow.deadlines.all() if d.client_id == stored.client_id)
            uow.audit.record(AuditAction.INTAKE_VIEWED, entity="intake", entity_id=intake_id,
                             detail={"client_id": stored.client_id, "for": "review"})
        pack = screening.rule_pack if screening else None
        return IntakeReview(
            intake_id=intake_id, client_id=stored.client_id,
            client_name=stored.document.display_name,
            facts=copy.deepcopy(dict(stored.document.facts)), status=stored.status,
            state=state, deadlines=deadlines,
            screened_as_of=screening.as_of if screening else None,
            rule_pack=f"{pack.id} {pack.version}" if pack else "")

    def review_for_intake(self, intake_id: str) -> ReviewState:
        """The attorney's dispositions on an intake, for the paralegal's intake window."""
        require(self.actor, Permission.INTAKE_VIEW)
        with self._uow() as uow:
            return _state(uow, intake_id)

    # -- deciding ------------------------------------------------------------------------------

    def record(self, intake_id: str, flag_id: str, disposition: Disposition, note: str, *,
               basis: str | None = None) -> ReviewState:
        """Decide one flag. `note` is required (why, in the attorney's words); `basis` is the
        FlagReviewState.basis the attorney saw: if the flag changed since, nothing is stored
        and ConcurrentChangeError says to look again."""
        require(self.actor, Permission.REVIEW_RECORD)
        disposition = Disposition(disposition)
        if disposition not in FLAG_DISPOSITIONS:
            raise ReviewError(f"'{disposition.value}' is not a decision about a flag")
        note = note.strip()
        if not note:
            raise ReviewError("write a note saying why: every disposition needs one")
        with self._uow() as uow:
            state = _state(uow, intake_id)
            flag = state.flag(flag_id)
            if flag is None:
                raise ReviewError(f"flag {flag_id} is not raised on this intake any more; "
                                  "reload it")
            if basis is not None and basis != flag.basis:
                raise ConcurrentChangeError(f"flag {flag_id} changed since it was opened (a "
                                            "new screening); reload it and decide again")
            uow.reviews.add(intake_id, flag_id, disposition, note, flag_level=flag.flag.level,
                            fact_digests=flag.digests)
            uow.audit.record(AuditAction.REVIEW_RECORDED, entity="intake", entity_id=intake_id,
                             detail={"client_id": _client_of(uow, intake_id), "flag": flag_id,
                                     "disposition": disposition.value, "note": note,
                                     "level": flag.flag.level.value,
                                     "facts": list(flag.digests)})
            return _state(uow, intake_id)

    def sign_off(self, intake_id: str, note: str = "") -> ReviewState:
        """Sign off the whole intake; refused while any current flag lacks a disposition."""
        require(self.actor, Permission.REVIEW_RECORD)
        with self._uow() as uow:
            state = _state(uow, intake_id)
            if state.unreviewed:
                left = ", ".join(s.flag.id for s in state.unreviewed)
                raise ReviewError(f"decide every flag before signing off (still open: {left})")
            if state.signed_off:
                raise ReviewError("this intake is already signed off")
            uow.reviews.add(intake_id, None, Disposition.SIGNED_OFF, note.strip())
            uow.audit.record(AuditAction.REVIEW_SIGNED_OFF, entity="intake",
                             entity_id=intake_id,
                             detail={"client_id": _client_of(uow, intake_id),
                                     "note": note.strip(),
                                     "flags": {s.flag.id: s.current.disposition.value
                                               for s in state.flags if s.current}})
            return _state(uow, intake_id)


def _state(uow: UnitOfWork, intake_id: str) -> ReviewState:
    stored = uow.intakes.get(intake_id)
    if stored is None:
        raise NotFound(f"no intake with id {intake_id}")
    rows = uow.reviews.for_intake(intake_id)
    changed = uow.screening_changes.changed_at(intake_id) if rows else None
    return review_state(intake_id, stored.flags, rows, stored.document.facts,
                        changed_at=changed)


def _client_of(uow: UnitOfWork, intake_id: str) -> str:
    stored = uow.intakes.get(intake_id)
    return stored.client_id if stored else ""


def reopen_changed(uow: UnitOfWork, intake_id: str) -> list[str]:
    """After a screening: write a re-open row (and audit event) for every decided flag that
    the new screening changed, and for a sign-off a new flag has voided; return the flag ids
    ("" for the sign-off).

    The derived state already treats those reviews as open; the rows put "what changed" in
    the review history and the audit trail, once per change, attributed to whoever saved.
    """
    rows = uow.reviews.for_intake(intake_id)
    if not rows:
        return []
    state = _state(uow, intake_id)
    client_id = _client_of(uow, intake_id)
    notes: list[tuple[str | None, str, FlagLevel | None, Mapping[str, str] | None]] = []
    for flag in state.flags:
        if not flag.reopened or flag.change is None or flag.last is None:
            continue
        if flag.history[0].disposition is Disposition.REOPENED:
            continue  # already said, and nothing was decided since
        notes.append((flag.flag.id, flag.change.describe(), flag.flag.level, flag.digests))
    if rows[-1].disposition is Disposition.SIGNED_OFF and state.unreviewed and not notes:
        new = ", ".join(s.flag.id for s in state.unreviewed)
        notes.append((None, f"new flags since sign-off: {new}", None, None))
    for flag_id, what, level, digests in notes:
        # No signed-in user (a maintenance script): no row, and the derived state is still right.
        with contextlib.suppress(StoreError):
            uow.reviews.add(intake_id, flag_id, Disposition.REOPENED, what, flag_level=level,
                            fact_digests=digests)
        uow.audit.record(AuditAction.REVIEW_REOPENED, entity="intake", entity_id=intake_id,
                         detail={"client_id": client_id, "flag": flag_id, "changed": what})
    return [flag_id or "" for flag_id, *_ in notes]


def reopen_after_rescreen(uow_factory: UnitOfWorkFactory,
                          changes: Iterable[ScreeningChange]) -> list[str]:
    """For a bulk re-screen (services.screening), after its batches are stored: write the
    re-open rows and audit events of every intake whose flags it changed, one unit of work per
    intake (an intake nobody reviewed writes nothing). Returns the intakes re-opened."""
    reopened = []
    for intake_id in dict.fromkeys(c.intake_id for c in changes):
        with uow_factory() as uow:
            if reopen_changed(uow, intake_id):
                reopened.append(intake_id)
    return reopened
