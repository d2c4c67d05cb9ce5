"""The audit trail: append-only events, each chained to the previous one by a SHA-256 hash.

`verify_chain` walks the chain oldest first and names the first break and its kind: a row whose
content no longer matches its hash was edited; a row the next one links past was inserted; a row
whose link points at a missing predecessor (ids jump) follows deleted rows. Deleting the newest
rows leaves no gap, so an encrypted store keeps an anchor (the head's id and hash at the last
sign-in or sign-out) in its keyring, outside the database: if the anchored row is gone or
different, the end of the chain was cut.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, aliased

from clinic_app.audit_log import AuditEntry, AuditQuery, ChainVerdict, TamperKind
from db.base import utc_now
from db.records import AuditEventRecord, UserRecord

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One spelling per value (sorted keys, no spaces), so the hash can be recomputed later."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def event_fields(at: datetime, user_id: str | None, action: str, entity: str, entity_id: str,
                 detail: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed part of an event; verification rebuilds it from a stored row."""
    return {"at": at.isoformat(), "user_id": user_id, "action": action, "entity": entity,
            "entity_id": entity_id, "detail": dict(detail)}


class Anchor(NamedTuple):
    """The chain's head as it was seen last (kept outside the store)."""

    event_id: int
    hash: str


AnchorSource = Callable[[], Anchor | None]


class SqlAuditTrail:
    """clinic_app.ports.AuditTrail on the unit of work's session."""

    def __init__(self, session: Session, *, user_id: str | None = None,
                 anchor: AnchorSource | None = None) -> None:
        self._session = session
        self._user_id = user_id
        self._anchor = anchor

    def record(self, action: str, *, entity: str = "", entity_id: str = "",
               detail: Mapping[str, Any] | None = None) -> None:
        at = utc_now()
        detail_dict = dict(detail or {})
        # Autoflush puts this unit of work's earlier events in the tail first.
        prev = self._session.scalar(
            select(AuditEventRecord.hash).order_by(AuditEventRecord.id.desc()).limit(1))
        prev_hash = prev or GENESIS
        fields = event_fields(at, self._user_id, action, entity, entity_id, detail_dict)
        self._session.add(AuditEventRecord(
            at=at, user_id=self._user_id, action=action, entity=entity, entity_id=entity_id,
            detail=detail_dict, prev_hash=prev_hash, hash=chain_hash(prev_hash, fields)))
        self._session.flush()

    def events(self, query: AuditQuery) -> list[AuditEntry]:
        return audit_events(self._session, query)

    def verify(self) -> ChainVerdict:
        return verify_chain(self._session, self._anchor() if self._anchor else None)


def audit_events(session: Session, query: AuditQuery) -> list[AuditEntry]:
    """Events matching the filters, newest first, with the acting user's name."""
    user = aliased(UserRecord)
    stmt = (select(AuditEventRecord, user.username)
            .outerjoin(user, user.id == AuditEventRecord.user_id)
            .order_by(AuditEventRecord.id.desc()))
    if query.username:
        stmt = stmt.where(user.username == query.username)
    if query.action:
        if query.action.endswith("."):
            stmt = stmt.where(AuditEventRecord.action.startswith(query.action, autoescape=True))
        else:
            stmt = stmt.where(AuditEventRecord.action == query.action)
    if query.since is not None:
        stmt = stmt.where(AuditEventRecord.at >= query.since)
    if query.until is not None:
        stmt = stmt.where(AuditEventRecord.at < query.until)
    stmt = stmt.offset(query.offset).limit(query.limit)
    return [AuditEntry(event_id=r.id, at=r.at, username=name, action=r.action, entity=r.entity,
                       entity_id=r.entity_id, detail=dict(r.detail or {}))
            for r, name in session.execute(stmt)]


def chain_head(session: Session) -> Anchor | None:
    row = session.execute(select(AuditEventRecord.id, AuditEventRecord.hash)
                          .order_by(AuditEventRecord.id.desc()).limit(1)).first()
    return Anchor(row.id, row.hash) if row is not None else None


def anchor_holds(session: Session, anchor: Anchor | None) -> bool:
    """True if the anchored event is still there, unchanged (or there is no anchor yet)."""
    if anchor is None:
        return True
    found = session.scalar(select(AuditEventRecord.hash)
                           .where(AuditEventRecord.id == anchor.event_id))
    return found == anchor.hash


def verify_chain(session: Session, anchor: Anchor | None = None) -> ChainVerdict:
    """Check every event, oldest first; the first break, its kind, or "intact"."""
    count = session.scalar(select(func.count()).select_from(AuditEventRecord)) or 0
    expected, prev_id = GENESIS, 0
    rows = _pairs(session.execute(
        select(AuditEventRecord).order_by(AuditEventRecord.id).execution_options(yield_per=500)
    ).scalars())
    for row, following in rows:
        intact = row.hash == chain_hash(row.prev_hash, _fields(row))
        linked = row.prev_hash == expected
        if not (intact and linked):
            where, kind = _classify(row, following, expected, prev_id, intact=intact)
            return ChainVerdict(count, where, kind)
        expected, prev_id = row.hash, row.id
    if not anchor_holds(session, anchor):
        assert anchor is not None
        return ChainVerdict(count, anchor.event_id, TamperKind.DELETED)
    return ChainVerdict(count)


def _classify(row: AuditEventRecord, following: AuditEventRecord | None, expected: str,
              prev_id: int, *, intact: bool) -> tuple[int, TamperKind]:
    if following is not None and following.prev_hash == expected:
        return row.id, TamperKind.INSERTED  # the chain goes around this row
    if not intact:
        return row.id, TamperKind.EDITED
    # The row matches its hash but does not link to the row before it.
    if row.id != prev_id + 1:
        return row.id, TamperKind.DELETED  # ids jump: the rows it linked to are gone
    if following is None and prev_id:
        return row.id, TamperKind.INSERTED  # added at the end with a made-up link
    if prev_id:
        return prev_id, TamperKind.EDITED  # the previous row was changed and re-hashed
    return row.id, TamperKind.EDITED


def _pairs(rows: Iterator[AuditEventRecord] | Any
           ) -> Iterator[tuple[AuditEventRecord, AuditEventRecord | None]]:
    iterator = iter(rows)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


def _fields(row: AuditEventRecord | Row[Any]) -> dict[str, Any]:
    return event_fields(row.at, row.user_id, row.action, row.entity, row.entity_id, row.detail)


def first_broken_link(session: Session) -> int | None:
    """Id of the first event whose hash or link does not check out; None if the chain is whole."""
    return verify_chain(session).broken_at
