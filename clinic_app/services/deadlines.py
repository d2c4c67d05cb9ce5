"""Deadline use cases: the list a manager watches, the calendar file, and recomputing them all.

Deadlines are stored (one row per deadline of each client's newest intake) so that the list, the
review queue's ordering and the command line read one table instead of re-deriving every
intake; `clinic_app.services.upkeep.intake_stored` rewrites a client's rows on every save.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from clinic_app.audit_log import AuditAction
from clinic_app.deadline_calendar import deadline_calendar
from clinic_app.deadlines import compute_deadlines, within
from clinic_app.domain import Deadline
from clinic_app.ports import UnitOfWork, UnitOfWorkFactory
from clinic_app.security import Actor, Permission, require


def store_deadlines(uow: UnitOfWork, client_id: str, intake_id: str,
                    facts: Mapping[str, Any]) -> tuple[Deadline, ...]:
    """Recompute and store the deadlines of a client's newest intake (inside `uow`)."""
    deadlines = compute_deadlines(facts, client_id=client_id, intake_id=intake_id)
    uow.deadlines.replace_for_client(client_id, intake_id, deadlines)
    return deadlines


class DeadlineService:
    """Every open deadline of the clinic for one signed-in user.

    Listing needs only the client-list permission: the deadlines are what keeps every client
    safe, and managers must see them all coming.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, *, actor: Actor,
                 today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._uow = uow_factory
        self._today = today
        self._now = now
        self.actor = actor

    def today(self) -> date:
        """The day "days left" counts from (the clinic's local calendar day)."""
        return self._today()

    def deadlines(self, within_days: int | None = None) -> list[Deadline]:
        """Open deadlines due within `within_days` (all when None), overdue first, soonest
        first; passed ones drop off as clinic_app.deadlines.KEEP_AFTER_PASSING says."""
        require(self.actor, Permission.CLIENT_LIST)
        with self._uow() as uow:
            rows = uow.deadlines.all()
        return within(rows, self._today(), within_days)

    def calendar(self, within_days: int | None = None) -> str:
        """The deadlines as iCalendar text (no client names in it); the export is audited."""
        require(self.actor, Permission.CLIENT_LIST)
        rows = self.deadlines(within_days)
        with self._uow() as uow:
            uow.audit.record(AuditAction.DEADLINES_EXPORTED, entity="deadlines",
                             detail={"format": "ics", "events": len(rows),
                                     "within_days": within_days})
        return deadline_calendar(rows, now=self._now())

    def export_calendar(self, path: Path, within_days: int | None = None) -> int:
        """Write the .ics file, readable by its owner only; return how many events it holds."""
        text = self.calendar(within_days)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        return text.count("BEGIN:VEVENT")

    def refresh_all(self) -> int:
        """Recompute every client's deadlines (a store made before deadlines were stored, or
        after the rules of clinic_app.deadlines changed); return how many were stored."""
        require(self.actor, Permission.INTAKE_EDIT)
        count = 0
        with self._uow() as uow:
            latest = [(s.client_id, s.intake_id, s.document.facts)
                      for s in uow.intakes.iter_latest()]
            for client_id, intake_id, facts in latest:
                count += len(store_deadlines(uow, client_id, intake_id, facts))
        return count
