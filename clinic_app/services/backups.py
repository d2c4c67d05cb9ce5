"""Backups of the open store, made while the app is in use."""

from __future__ import annotations

from pathlib import Path

from clinic_app.audit_log import AuditAction
from clinic_app.ports import StoreBackup, UnitOfWorkFactory
from clinic_app.security import Actor, Permission, require


class BackupService:
    def __init__(self, uow_factory: UnitOfWorkFactory, backups: StoreBackup, *,
                 actor: Actor) -> None:
        self._uow = uow_factory
        self._backups = backups
        self.actor = actor

    def backup(self, target: Path) -> list[Path]:
        """Write a checked, encrypted copy to `target` (and its keyring beside it)."""
        require(self.actor, Permission.STORE_BACKUP)
        files = self._backups.backup(target)
        with self._uow() as uow:
            uow.audit.record(AuditAction.STORE_BACKED_UP, entity="store",
                             detail={"files": [str(f) for f in files]})
        return files

    def latest_backup(self) -> Path | None:
        require(self.actor, Permission.STORE_BACKUP)
        return self._backups.latest_backup()
