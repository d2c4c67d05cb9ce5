"""The audit trail: append-only events, each chained to the previous one by a SHA-256 hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utc_now
from db.records import AuditEventRecord

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


class SqlAuditTrail:
    """clinic_app.ports.AuditTrail on the unit of work's session."""

    def __init__(self, session: Session, *, user_id: str | None = None) -> None:
        self._session = session
        self._user_id = user_id

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


def first_broken_link(session: Session) -> int | None:
    """Id of the first event whose hash or link does not check out; None if the chain is whole."""
    prev_hash = GENESIS
    rows = session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)
                           .execution_options(yield_per=500))
    for row in rows:
        fields = event_fields(row.at, row.user_id, row.action, row.entity, row.entity_id,
                              row.detail)
        if row.prev_hash != prev_hash or row.hash != chain_hash(prev_hash, fields):
            return row.id
        prev_hash = row.hash
    return None
