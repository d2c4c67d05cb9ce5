"""Domain types shared by every layer: plain frozen dataclasses, never ORM rows or Qt objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

FORMAT_ID = "clinic-intake/1"
MAY_APPLY = "may apply — attorney to review"


class FlagLevel(StrEnum):
    """How soon an attorney must look: urgent > review > check (flags.md 1)."""

    URGENT = "urgent"
    REVIEW = "review"
    CHECK = "check"

    @property
    def rank(self) -> int:
        return {"urgent": 3, "review": 2, "check": 1}[self.value]


class Role(StrEnum):
    PARALEGAL = "paralegal"
    ATTORNEY = "attorney"
    MANAGER = "manager"
    ADMIN = "admin"


class IntakeStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


@dataclass(frozen=True)
class IntakeDocument:
    """A validated `clinic-intake/1` document.

    `facts` is the JSON object exactly as validated (key order kept) so that import -> store ->
    export gives the same facts back; the properties below are read-only conveniences.
    """

    facts: Mapping[str, Any]

    @property
    def client(self) -> Mapping[str, Any]:
        c = self.facts.get("client")
        return c if isinstance(c, Mapping) else {}

    @property
    def given_names(self) -> str:
        return str(self.client.get("given_names", ""))

    @property
    def family_names(self) -> str:
        return str(self.client.get("family_names", ""))

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.given_names, self.family_names) if p)
        return name or "(no name recorded)"

    @property
    def nationalities(self) -> tuple[str, ...]:
        # A draft may hold anything here; a half-typed answer must not break a save.
        n = self.client.get("nationalities", ())
        return tuple(str(x) for x in n) if isinstance(n, list | tuple) else ()

    @property
    def a_number(self) -> str | None:
        a = self.client.get("a_number")
        return str(a) if a else None

    @property
    def intake_date(self) -> str | None:
        d = self.facts.get("intake_date")
        return str(d) if d else None

    @property
    def events(self) -> list[Mapping[str, Any]]:
        ev = self.facts.get("events", [])
        return list(ev) if isinstance(ev, list) else []


def own_screening_day(facts: Mapping[str, Any]) -> date | None:
    """The day an intake is screened as of when stored: its own `intake_date` when that names
    a day; None means "as of the day the screening runs" (a partial or missing intake date)."""
    text = facts.get("intake_date")
    if isinstance(text, str) and len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Flag:
    """One raised flag: always "may apply — attorney to review", never a finding."""

    id: str
    title: str
    policy: str
    level: FlagLevel
    reason: str
    facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "policy": self.policy,
            "level": self.level.value,
            "reason": self.reason,
            "facts": list(self.facts),
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class RulePackInfo:
    """Identity of the rule pack a screening used (stored with every flag)."""

    id: str
    version: str
    reviewed: str
    sources_as_of: str = ""

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "reviewed": self.reviewed}

    @property
    def label(self) -> str:
        """"us-border-asylum 2026.06.25"."""
        return f"{self.id} {self.version}"


@dataclass(frozen=True)
class PackFingerprint:
    """What each flag's output depends on in a rule pack, hashed (clinic_app.screening.
    fingerprint); stored with every screening so that a re-screen with a new pack evaluates
    only the flags whose definition changed."""

    digest: str
    flags: tuple[tuple[str, str], ...]  # (flag id, fingerprint), in pack order
    warnings: str  # fingerprint of the pack's data warnings
    depends: tuple[tuple[str, tuple[str, ...]], ...] = ()  # flag id -> its `with_flag` flags

    def to_json(self) -> dict[str, Any]:
        return {"flags": [list(f) for f in self.flags], "warnings": self.warnings,
                "depends": [[f, list(d)] for f, d in self.depends]}

    @classmethod
    def from_json(cls, digest: str, data: Mapping[str, Any]) -> PackFingerprint:
        return cls(digest, tuple((str(f), str(p)) for f, p in data["flags"]),
                   str(data["warnings"]),
                   tuple((str(f), tuple(str(x) for x in d)) for f, d in data.get("depends", ())))


@dataclass(frozen=True)
class ScreeningResult:
    """Output of one screening, in the shape of intake-format.md "Screening output"."""

    as_of: date
    rule_pack: RulePackInfo
    flags: tuple[Flag, ...]
    not_applicable: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    # The pack's fingerprints, stored with the flags (not part of the output shape).
    fingerprint: PackFingerprint | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "rule_pack": self.rule_pack.to_json(),
            "flags": [f.to_json() for f in self.flags],
            "not_applicable": list(self.not_applicable),
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list: what a paralegal needs to recognise a client."""

    client_id: str
    display_name: str
    nationalities: tuple[str, ...]
    last_entry: str | None
    flag_count: int
    urgent_count: int = 0
    a_number: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class FlagLevelChange:
    """One flag a re-screen added (`before` None), dropped (`after` None) or moved to another
    level."""

    flag_id: str
    before: FlagLevel | None
    after: FlagLevel | None

    def describe(self) -> str:
        """"+STB-2024 (check)", "-CLP-2023" or "ONE-YEAR review->urgent"."""
        if self.after is None:
            return f"-{self.flag_id}"
        if self.before is None:
            return f"+{self.flag_id} ({self.after.value})"
        return f"{self.flag_id} {self.before.value}->{self.after.value}"


@dataclass(frozen=True)
class ScreeningChange:
    """What re-screening a stored intake changed in its flags: added, dropped, or changed in
    level. Stored (`at` set) so that an attorney review can re-open and say what changed."""

    intake_id: str
    client_id: str
    client_name: str
    as_of: date
    pack_before: str  # "us-border-asylum 2026.06.25"; "" when the intake had no screening
    pack_after: str
    added: tuple[FlagLevelChange, ...] = ()
    dropped: tuple[FlagLevelChange, ...] = ()
    changed: tuple[FlagLevelChange, ...] = ()
    at: datetime | None = None  # when it was stored (None: a dry run)

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(c.flag_id for c in (*self.added, *self.dropped, *self.changed))

    def describe(self) -> str:
        """"+STB-2024 (check), -CLP-2023, ONE-YEAR review->urgent"."""
        return ", ".join(c.describe() for c in (*self.added, *self.dropped, *self.changed))

    def detail(self) -> dict[str, Any]:
        """{added: [{id, level}], dropped: [{id, level}], changed: [{id, from, to}]}."""
        def level(value: FlagLevel | None) -> str | None:
            return value.value if value is not None else None
        return {"added": [{"id": c.flag_id, "level": level(c.after)} for c in self.added],
                "dropped": [{"id": c.flag_id, "level": level(c.before)} for c in self.dropped],
                "changed": [{"id": c.flag_id, "from": level(c.before), "to": level(c.after)}
                            for c in self.changed]}

    @staticmethod
    def changes_from_detail(detail: Mapping[str, Any]
                            ) -> tuple[tuple[FlagLevelChange, ...], tuple[FlagLevelChange, ...],
                                       tuple[FlagLevelChange, ...]]:
        """(added, dropped, changed) read back from `detail()`."""
        def level(value: Any) -> FlagLevel | None:
            return FlagLevel(value) if value else None
        return (tuple(FlagLevelChange(d["id"], None, level(d["level"]))
                      for d in detail.get("added", ())),
                tuple(FlagLevelChange(d["id"], level(d["level"]), None)
                      for d in detail.get("dropped", ())),
                tuple(FlagLevelChange(d["id"], level(d["from"]), level(d["to"]))
                      for d in detail.get("changed", ())))


@dataclass(frozen=True)
class StoredIntake:
    """An intake as kept in the store: its facts plus bookkeeping."""

    intake_id: str
    client_id: str
    document: IntakeDocument
    status: IntakeStatus = IntakeStatus.COMPLETE
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None
    flags: tuple[Flag, ...] = field(default=())
    rule_pack_version: str | None = None
    # The checklist the intake was taken with, "border-intake/1" (None for imported files).
    checklist_version: str | None = None


class Disposition(StrEnum):
    """An attorney's decision on one flag (issue 5); a sign-off covers the whole intake."""

    CONFIRMED = "confirmed"
    NOT_APPLICABLE = "not_applicable"
    NEEDS_FACTS = "needs_more_facts"
    SIGNED_OFF = "signed_off"  # whole-intake sign-off (flag_id is None)
    REOPENED = "reopened"  # a re-screen changed the flag: the review is open again


@dataclass(frozen=True)
class FlagReview:
    """One disposition, as shown to attorneys, paralegals and in the file summary PDF."""

    intake_id: str
    flag_id: str | None  # None: sign-off (or re-open) of the whole intake
    disposition: Disposition
    note: str
    reviewer: str  # display name of the user who decided
    decided_at: datetime
    flag_level: FlagLevel | None = None  # the level the flag had when it was decided
    # What the flag rested on when it was decided: fact path -> digest of that fact's value
    # (clinic_app.review.fingerprint); a later screening that differs re-opens the review.
    fact_digests: Mapping[str, str] = field(default_factory=dict)
    review_id: int = 0


class DeadlineKind(StrEnum):
    ONE_YEAR = "one_year"  # asylum filing deadline, INA 208(a)(2)(B)
    TURNS_18 = "turns_18"  # an unaccompanied child's 18th birthday
    PAROLE_END = "parole_end"
    HEARING = "hearing"


@dataclass(frozen=True)
class Deadline:
    """A date a clinic must not miss, computed from the facts (earliest possible when unsure)."""

    kind: DeadlineKind
    due: date  # the earliest possible day: partial or uncertain dates never push it later
    latest: date  # the latest possible day (== due when the date is certain)
    label: str  # plain words: "One-year asylum filing deadline (last arrival 2024-03-18)"
    facts: tuple[str, ...] = ()  # JSON paths it was computed from
    uncertain: bool = False  # computed from a partial, approximate or ranged date
    client_id: str = ""
    intake_id: str = ""
    basis: str = ""  # the recorded date it comes from: "2019-07", "2024-12-26..2025-01-31"
    detail: str = ""  # "mpp" for an MPP hearing; the parole program for a parole end
    client_name: str = ""  # filled by the store for lists; never written to a calendar file

    def days_left(self, today: date) -> int:
        return (self.due - today).days
