"""The audit trail as the core sees it: action names, entries, queries and the verify verdict.

Every service records through `UnitOfWork.audit.record(action, ...)` with a name from
`AuditAction`; the trail lives inside the store (encrypted for SQLite), chained by hash.
`detail` may hold client facts (old and new values of a change): that is fine inside the store
and never allowed in logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class AuditAction(StrEnum):
    """What happened. Other features record with these names too (export, PDF, review)."""

    STORE_CREATED = "store.created"
    STORE_ENCRYPTED = "store.encrypted"
    STORE_BACKED_UP = "store.backed_up"
    STORE_RESTORED = "store.restored"
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    SESSION_LOCKED = "session.locked"
    SESSION_UNLOCKED = "session.unlocked"
    SESSION_SIGNED_OUT = "session.signed_out"
    USER_ADDED = "user.added"
    USER_REMOVED = "user.removed"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_PASSWORD_CHANGED = "user.password_changed"
    USER_PASSWORD_RESET = "user.password_reset"
    USER_UNLOCKED = "user.unlocked"
    SETTING_CHANGED = "setting.changed"
    INTAKE_IMPORTED = "intake.imported"
    INTAKE_VIEWED = "intake.viewed"
    INTAKE_CHANGED = "intake.changed"
    INTAKE_EXPORTED = "intake.exported"
    DOCUMENT_PRINTED = "document.printed"
    REVIEW_RECORDED = "review.recorded"
    REVIEW_SIGNED_OFF = "review.signed_off"
    REVIEW_REOPENED = "review.reopened"
    DEADLINES_EXPORTED = "deadlines.exported"
    REPORT_EXPORTED = "report.exported"
    AUDIT_VERIFIED = "audit.verified"
    RULE_PACK_INSTALLED = "rulepack.installed"
    RULE_PACK_KEY_TRUSTED = "rulepack.key_trusted"
    SCREENING_RESCREENED = "screening.rescreened"


@dataclass(frozen=True)
class AuditEntry:
    """One event as the audit viewer shows it."""

    event_id: int
    at: datetime
    username: str | None  # None: the system, or a sign-in by an unknown name
    action: str
    entity: str = ""
    entity_id: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the audit viewer; None means "any". Newest events come first."""

    username: str | None = None
    action: str | None = None  # an exact action, or a family prefix ending in "." ("login.")
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int = 500
    offset: int = 0


class TamperKind(StrEnum):
    """How the chain was broken, as `clinic-intake audit verify` names it."""

    EDITED = "edited"  # a row's content no longer matches its hash
    INSERTED = "inserted"  # a row that is not part of the chain sits in it
    DELETED = "deleted"  # rows the chain links to are missing


@dataclass(frozen=True)
class ChainVerdict:
    """The outcome of checking the whole chain, oldest event first."""

    count: int
    broken_at: int | None = None  # the event id where the first break shows
    kind: TamperKind | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def describe(self) -> str:
        if self.intact:
            return f"chain intact: {self.count} events"
        assert self.kind is not None
        what = {
            TamperKind.EDITED: f"event {self.broken_at} was edited after it was written",
            TamperKind.INSERTED: f"event {self.broken_at} was inserted: it is not part of the "
                                 "chain",
            TamperKind.DELETED: f"events were deleted before event {self.broken_at}"
                                if self.broken_at else "events were deleted at the end",
        }[self.kind]
        return f"chain broken at event {self.broken_at}: {self.kind.value} ({what})"
