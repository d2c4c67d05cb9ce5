"""The per-flag fingerprints of the rule packs stored screenings were made with, by digest."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from clinic_app.domain import PackFingerprint
from db.base import utc_now
from db.records import PackFingerprintRecord


def register_fingerprint(session: Session, fingerprint: PackFingerprint, pack: str) -> None:
    """Keep `fingerprint` (once per digest; two seats may race to add it)."""
    if session.get(PackFingerprintRecord, fingerprint.digest) is not None:
        return
    values = {"digest": fingerprint.digest, "pack": pack[:130],
              "fingerprints": fingerprint.to_json(), "created_at": utc_now()}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(pg_insert(PackFingerprintRecord).values(**values)
                        .on_conflict_do_nothing(index_elements=["digest"]))
    elif dialect == "sqlite":
        session.execute(sqlite_insert(PackFingerprintRecord).values(**values)
                        .on_conflict_do_nothing(index_elements=["digest"]))
    else:  # pragma: no cover - the two dialects Clinic Intake supports are above
        session.add(PackFingerprintRecord(**values))
        session.flush()


def fingerprints(session: Session, digests: Collection[str]) -> dict[str, PackFingerprint]:
    """The stored fingerprints among `digests` (an unknown digest is simply absent)."""
    if not digests:
        return {}
    rows = session.execute(select(PackFingerprintRecord.digest, PackFingerprintRecord.fingerprints)
                           .where(PackFingerprintRecord.digest.in_(list(digests))))
    return {digest: PackFingerprint.from_json(digest, data) for digest, data in rows}
