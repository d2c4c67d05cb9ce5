"""Taking an intake in the window: open, autosave drafts, live flags, and completing it.

A draft is whatever the paralegal has typed so far and is always stored, valid or not: losing a
keystroke is worse than storing a half-typed date. Validity matters at two moments only: live
screening (invalid answers are left out and the window says so) and completion (everything
missing or impossible is listed in plain words, and nothing is stored as complete until it is
fixed).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from clinic_app.audit_log import AuditAction
from clinic_app.checklist import Checklist, Severity, check_facts, missing_for_completion, new_facts
from clinic_app.domain import IntakeDocument, IntakeStatus, ScreeningResult, StoredIntake
from clinic_app.errors import NotFound
from clinic_app.intake_format import validate_facts
from clinic_app.ports import EditingMarks, Screener, UnitOfWorkFactory
from clinic_app.security import Actor, Permission, require
from clinic_app.services.draft_cleaning import clean_draft
from clinic_app.services.intakes import fact_changes
from clinic_app.services.upkeep import intake_stored


def checklist_key(checklist: Checklist) -> str:
    """What an intake records about its checklist: "border-intake/1"."""
    return f"{checklist.id}/{checklist.version}"


@dataclass(frozen=True)
class EditableIntake:
    """An intake as the window opens it. `intake_id` is None for a new client not yet saved.

    `recovered` is True when the intake was left open by a crash or a kill on this computer:
    its facts are the last draft saved before that, and the window says so.
    """

    intake_id: str | None
    client_id: str | None
    facts: Mapping[str, Any]
    version: int | None
    status: IntakeStatus
    checklist_version: str
    saved_at: datetime | None = None
    recovered: bool = False


@dataclass(frozen=True)
class DraftSaved:
    """A draft was stored: the ids (new on the first save of a new client) and its version."""

    intake_id: str
    client_id: str
    version: int
    saved_at: datetime


@dataclass(frozen=True)
class DraftScreening:
    """Live flags for a draft. `left_out` names the answers (JSON paths in the draft) that were
    not screened because they are not valid yet; empty when the whole draft was screened."""

    result: ScreeningResult | None
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Something that stops an intake from being complete, at a facts path, in both languages."""

    path: str
    message_en: str
    message_es: str
    missing: bool = False  # True: not answered yet; False: answered but impossible or malformed

    def message(self, lang: str) -> str:
        return self.message_es if lang == "es" else self.message_en


@dataclass(frozen=True)
class Completion:
    """The outcome of "Complete intake": done (screened, flags stored), or what still blocks."""

    completed: bool
    problems: tuple[Problem, ...] = ()
    version: int | None = None
    screening: ScreeningResult | None = None


class IntakeEditing(Protocol):
    """What the intake window calls (implemented by EditingService; tests pass fakes)."""

    def new_intake(self) -> EditableIntake: ...

    def open_for_client(self, client_id: str) -> EditableIntake: ...

    def save_draft(self, intake_id: str | None, facts: Mapping[str, Any], *,
                   expected_version: int | None = None,
                   client_id: str | None = None) -> DraftSaved: ...

    def complete(self, intake_id: str, *, expected_version: int | None = None) -> Completion: ...

    def problems(self, facts: Mapping[str, Any]) -> list[Problem]: ...

    def screen_draft(self, facts: Mapping[str, Any], *, as_of: date | None = None,
                     lang: str = "en") -> DraftScreening: ...

    def close_intake(self, intake_id: str) -> None: ...

    def interrupted_intakes(self) -> list[str]: ...


class MemoryEditingMarks:
    """EditingMarks that live as long as the process (tests; stores without a data folder)."""

    def __init__(self) -> None:
        self._marks: dict[str, None] = {}

    def mark_open(self, intake_id: str) -> None:
        self._marks[intake_id] = None

    def mark_closed(self, intake_id: str) -> None:
        self._marks.pop(intake_id, None)

    def is_marked(self, intake_id: str) -> bool:
        return intake_id in self._marks

    def marked(self) -> list[str]:
        return list(self._marks)


class EditingService:
    """Intake editing over one store, for one signed-in user; each public call is one action."""

    def __init__(self, uow_factory: UnitOfWorkFactory, checklist: Checklist,
                 screener: Screener | None = None, *, actor: Actor,
                 marks: EditingMarks | None = None,
                 today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._uow = uow_factory
        self._checklist = checklist
        self._screener = screener
        self._marks: EditingMarks = marks if marks is not None else MemoryEditingMarks()
        self._today = today
        self._now = now
        self.actor = actor

    @property
    def checklist_version(self) -> str:
        return checklist_key(self._checklist)

    # -- opening --------------------------------------------------------------------------

    def new_intake(self) -> EditableIntake:
        """A blank intake for a new client; nothing is stored until the first answer."""
        require(self.actor, Permission.INTAKE_CREATE)
        return EditableIntake(None, None, new_facts(), None, IntakeStatus.DRAFT,
                              self.checklist_version)

    def open_for_client(self, client_id: str) -> EditableIntake:
        """The client's newest intake, marked open on this computer (the viewing is audited)."""
        require(self.actor, Permission.INTAKE_VIEW)
        with self._uow() as uow:
            stored = uow.intakes.latest_for_client(client_id)
            if stored is None:
                if uow.clients.get_summary(client_id) is None:
                    raise NotFound(f"no client with id {client_id}")
                return EditableIntake(None, client_id, new_facts(), None, IntakeStatus.DRAFT,
                                      self.checklist_version)
            uow.audit.record(AuditAction.INTAKE_VIEWED, entity="intake",
                             entity_id=stored.intake_id, detail={"client_id": client_id})
        recovered = self._marks.is_marked(stored.intake_id)
        self._marks.mark_open(stored.intake_id)
        return _editable(stored, self.checklist_version, recovered=recovered)

    def interrupted_intakes(self) -> list[str]:
        """Client ids of intakes left open by a crash on this computer, to reopen at start."""
        require(self.actor, Permission.INTAKE_VIEW)
        marked = self._marks.marked()
        if not marked:
            return []
        clients: list[str] = []
        with self._uow() as uow:
            for intake_id in marked:
                stored = uow.intakes.get(intake_id)
                if stored is None:  # deleted meanwhile: nothing to recover
                    self._marks.mark_closed(intake_id)
                elif stored.client_id not in clients:
                    clients.append(stored.client_id)
        return clients

    def close_intake(self, intake_id: str) -> None:
        """The window closed cleanly after its last save: nothing to recover next time."""
        self._marks.mark_closed(intake_id)

    # -- saving ---------------------------------------------------------------------------

    def save_draft(self, intake_id: str | None, facts: Mapping[str, Any], *,
                   expected_version: int | None = None,
                   client_id: str | None = None) -> DraftSaved:
        """Store the facts as a draft, valid or not; never refused for what they contain.

        `intake_id` None creates the intake (and the client, unless `client_id` is given).
        Identity answers update the client record. Raises ConcurrentChangeError if someone
        else saved the intake since `expected_version`.
        """
        require(self.actor, Permission.INTAKE_CREATE if intake_id is None
                else Permission.INTAKE_EDIT)
        document = IntakeDocument(copy.deepcopy(dict(facts)))
        key = self.checklist_version
        with self._uow() as uow:
            if intake_id is None:
                client_id = client_id or uow.clients.add(document)
                intake_id = uow.intakes.add(client_id, document, status=IntakeStatus.DRAFT.value,
                                            checklist_version=key)
                uow.clients.update_identity(client_id, document)
                stored = uow.intakes.get(intake_id)
                version = stored.version if stored is not None else 1
                changes = fact_changes({}, document.facts)
            else:
                before = uow.intakes.get(intake_id)
                if before is None:
                    raise NotFound(f"no intake with id {intake_id}")
                client_id = before.client_id
                version = uow.intakes.update(intake_id, document,
                                             expected_version=expected_version,
                                             status=IntakeStatus.DRAFT.value,
                                             checklist_version=key)
                uow.clients.update_identity(client_id, document)
                changes = fact_changes(before.document.facts, document.facts)
            intake_stored(uow, intake_id=intake_id, client_id=client_id, facts=document.facts,
                          screened=False)
            uow.audit.record(AuditAction.INTAKE_CHANGED, entity="intake", entity_id=intake_id,
                             detail={"client_id": client_id, "version": version, "draft": True,
                                     "changes": changes})
        self._marks.mark_open(intake_id)
        return DraftSaved(intake_id, client_id, version, self._now())

    # -- completing -----------------------------------------------------------------------

    def problems(self, facts: Mapping[str, Any]) -> list[Problem]:
        """What stops these facts from being a complete intake (see completion_problems)."""
        return completion_problems(self._checklist, facts, today=self._today())

    def complete(self, intake_id: str, *, expected_version: int | None = None) -> Completion:
        """Complete the stored draft: screened and its flags stored with the rule pack's
        version, or the list of what is still missing or wrong (nothing is changed then)."""
        require(self.actor, Permission.INTAKE_EDIT)
        with self._uow() as uow:
            stored = uow.intakes.get(intake_id)
        if stored is None:
            raise NotFound(f"no intake with id {intake_id}")
        problems = self.problems(stored.document.facts)
        if problems:
            return Completion(False, tuple(problems))
        result = (self._screener.screen(stored.document)
                  if self._screener is not None else None)
        with self._uow() as uow:
            version = uow.intakes.update(intake_id, stored.document,
                                         expected_version=expected_version,
                                         status=IntakeStatus.COMPLETE.value,
                                         checklist_version=self.checklist_version)
            if result is not None:
                uow.flags.replace_for_intake(intake_id, result)
            intake_stored(uow, intake_id=intake_id, client_id=stored.client_id,
                          facts=stored.document.facts, screened=result is not None)
            uow.audit.record(AuditAction.INTAKE_CHANGED, entity="intake", entity_id=intake_id,
                             detail={"client_id": stored.client_id, "version": version,
                                     "changes": [{"field": "(status)",
                                                  "old": stored.status.value,
                                                  "new": IntakeStatus.COMPLETE.value}],
                                     "flags": [f.id for f in result.flags] if result else []})
        return Completion(True, (), version, result)

    # -- live flags -----------------------------------------------------------------------

    def screen_draft(self, facts: Mapping[str, Any], *, as_of: date | None = None,
                     lang: str = "en") -> DraftScreening:
        """Flags for a draft as it stands, in `lang`; never raises for what the draft holds.

        A valid draft is screened as it is. Otherwise a copy without the invalid answers is
        screened (an event whose date is not a date yet is left out whole), `left_out` lists
        them, and flag paths still point at the draft's own positions.
        """
        require(self.actor, Permission.INTAKE_VIEW)
        cleaned = clean_draft(facts)
        if self._screener is None:
            return DraftScreening(None, cleaned.left_out)
        result = self._screener.screen(IntakeDocument(cleaned.facts), as_of=as_of, lang=lang)
        return DraftScreening(cleaned.restore_paths(result), cleaned.left_out)


def completion_problems(checklist: Checklist, facts: Mapping[str, Any], *,
                        today: date) -> list[Problem]:
    """What stops these facts from being a complete intake: missing required answers, then
    impossible or malformed ones (errors; warnings never block), in interview order."""
    out = [Problem(path, f"{en} is still missing.", f"Falta: {es}.", missing=True)
           for path, en, es in missing_for_completion(checklist, facts, today=today)]
    errors = [i for i in check_facts(checklist, facts, today=today)
              if i.severity is Severity.ERROR]
    out += [Problem(i.path, i.message_en, i.message_es) for i in errors]
    covered = {p.path for p in out}
    for issue in validate_facts(facts):
        if not any(_related(issue.path, p) for p in covered):
            # The format's own words: in English only, they name what the file needs.
            out.append(Problem(issue.path, issue.message, issue.message))
    return out


def _related(a: str, b: str) -> bool:
    """Whether one path is the other or inside it (`events[1]` and `events[1].date`)."""
    return a == b or a.startswith((f"{b}.", f"{b}[")) or b.startswith((f"{a}.", f"{a}["))


def _editable(stored: StoredIntake, checklist_version: str, *, recovered: bool) -> EditableIntake:
    return EditableIntake(
        intake_id=stored.intake_id, client_id=stored.client_id,
        facts=copy.deepcopy(dict(stored.document.facts)), version=stored.version,
        status=stored.status, checklist_version=stored.checklist_version or checklist_version,
        saved_at=stored.updated_at, recovered=recovered)
