"""Installed rule packs (clinic_app.ports.RulePackRepository) and their unit of work."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clinic_app.ports import AuditTrail, RulePackRepository, SettingsRepository
from clinic_app.rule_packs import InstalledPack
from db.engine import Store
from db.records import RulePackRecord
from db.uow import SqlUnitOfWork


def _installed(record: RulePackRecord) -> InstalledPack:
    return InstalledPack(record.pack_id, record.version, "", record.content,
                         record.signature or "", record.key_id or "", record.installed_at,
                         record.active)


class SqlRulePackRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def active(self) -> InstalledPack | None:
        record = self._session.scalar(
            select(RulePackRecord).where(RulePackRecord.active.is_(True))
            .order_by(RulePackRecord.installed_at.desc(), RulePackRecord.id.desc()).limit(1))
        return _installed(record) if record is not None else None

    def find(self, pack_id: str, version: str) -> InstalledPack | None:
        record = self._session.scalar(select(RulePackRecord).where(
            RulePackRecord.pack_id == pack_id, RulePackRecord.version == version))
        return _installed(record) if record is not None else None

    def install(self, pack: InstalledPack) -> None:
        self._session.execute(update(RulePackRecord).where(RulePackRecord.active.is_(True))
                              .values(active=False))
        record = self._session.scalar(select(RulePackRecord).where(
            RulePackRecord.pack_id == pack.pack_id, RulePackRecord.version == pack.version))
        if record is None:
            record = RulePackRecord(pack_id=pack.pack_id, version=pack.version,
                                    content=pack.content)
            self._session.add(record)
        record.signature = pack.signature
        record.key_id = pack.key_id
        record.active = True
        self._session.flush()

    def all(self) -> list[InstalledPack]:
        return [_installed(r) for r in self._session.scalars(
            select(RulePackRecord).order_by(RulePackRecord.installed_at.desc(),
                                            RulePackRecord.id.desc()))]


class SqlRulePackUnitOfWork:
    """clinic_app.ports.RulePackUnitOfWork: the store's unit of work plus the pack repository."""

    # Typed as the ports (protocol attributes are invariant).
    rule_packs: RulePackRepository
    settings: SettingsRepository
    audit: AuditTrail

    def __init__(self, store: Store, *, user_id: str | None = None) -> None:
        self._uow: SqlUnitOfWork = store.uow(user_id=user_id)

    def __enter__(self) -> SqlRulePackUnitOfWork:
        uow = self._uow.__enter__()
        self.rule_packs = SqlRulePackRepository(uow.session)
        self.settings = uow.settings
        self.audit = uow.audit
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._uow.__exit__(exc_type, exc, tb)
