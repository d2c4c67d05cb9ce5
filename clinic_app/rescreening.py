"""Re-screening stored intakes: the values that pass between the store, the service and the
worker processes (plain and picklable; no engine, no database).

The store scans every complete intake's screening bookkeeping (`ScreeningState`), the service
decides per intake what to evaluate, the store reads those intakes into `RescreenTask`s, the
workers turn them into `RescreenResult`s (clinic_app.screening.rescreen), and the store writes
what differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from clinic_app.domain import Flag, ScreeningChange

# How a rule that raised is reported among a screening's warnings (such a stored screening is
# always redone in full).
PROBLEM = "rule could not be evaluated"
PROBLEM_MARK = f": {PROBLEM} ("


@dataclass(frozen=True, slots=True)
class ScreeningState:
    """A stored intake's screening bookkeeping, without its facts or flags."""

    intake_id: str
    client_id: str
    version: int  # the intake's version now
    screened_version: int | None  # the version its stored screening was made from
    screened_intake_day: date | None  # its own day then (None: screened as of that day)
    screened_as_of: date | None  # None: never screened
    digest: str | None  # fingerprint digest of the pack used (None: unknown, or a rule raised)
    pack: str  # "us-border-asylum 2026.06.25" ("" if never screened)
    row: int | None = None  # where the store keeps it (reads go in this order)

    def as_of_now(self, today: date) -> date | None:
        """The day a re-screen screens it as of, when known without reading its facts: they
        are those of the stored screening (same version)."""
        if self.screened_as_of is None or self.screened_version != self.version:
            return None
        return self.screened_intake_day or today


@dataclass(frozen=True, slots=True)
class RescreenPlan:
    """What to evaluate for one intake: None = a full screen; else these flags (possibly none)
    and the data warnings if `warnings`. `before` is the flag order of the pack its stored
    screening was made with (so the flags it raised follow from its not-applicable list)."""

    state: ScreeningState
    evaluate: frozenset[str] | None
    warnings: bool = False
    before: tuple[str, ...] = ()

    @property
    def reads_facts(self) -> bool:
        return self.evaluate is None or bool(self.evaluate) or self.warnings


@dataclass(frozen=True, slots=True)
class RescreenTask:
    """One stored intake to evaluate, with what its stored screening says."""

    intake_id: str
    version: int  # the intake's version as read (the write is skipped if it changed since)
    client_id: str
    facts_text: str  # the stored facts, as JSON ("" when not needed)
    evaluate: frozenset[str] | None  # flags to evaluate; None: screen in full
    warnings: bool  # evaluate the data warnings too (partial screens)
    stored_as_of: date | None  # None: never screened
    stored_pack: str  # "us-border-asylum 2026.06.25", "" if never screened
    fired_before: tuple[str, ...]  # the flags the stored screening raised, in order
    contents: Mapping[str, Flag]  # stored rows of the flags evaluated (all, for a full screen)
    not_applicable: tuple[str, ...]
    stored_warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RescreenResult:
    """A new screening of one intake, as what differs from the stored one."""

    intake_id: str
    version: int
    as_of: date
    intake_day: date | None  # the intake's own day (stored, to know as_of next time)
    fired: tuple[str, ...]  # every flag now raised, in order
    rows: Mapping[str, Flag]  # new or changed flag rows (every row when as_of changed)
    not_applicable: tuple[str, ...] | None  # None: as stored
    warnings: tuple[str, ...] | None  # None: as stored
    change: ScreeningChange | None  # flags added, dropped or changed in level
    full: bool  # screened in full (the stored version and day are refreshed)
    problem: bool = False  # a rule raised (the next re-screen screens it in full again)


def has_problem(warnings: tuple[str, ...] | list[str]) -> bool:
    """Whether a screening's warnings report a rule that raised."""
    return any(PROBLEM_MARK in w for w in warnings)
