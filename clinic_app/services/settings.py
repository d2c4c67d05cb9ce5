"""Clinic-wide settings kept in the store: the clinic's name and the idle-lock time."""

from __future__ import annotations

from typing import Any

from clinic_app.audit_log import AuditAction
from clinic_app.errors import ClinicError
from clinic_app.ports import AdminUnitOfWorkFactory, SettingsRepository
from clinic_app.security import Actor, Permission, require

CLINIC_NAME = "clinic.name"
STORE_ID = "store.id"
IDLE_LOCK_MINUTES = "security.idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 240  # NIST AC-11 asks for a lock; 4 hours is the loosest we allow


def read_idle_lock_minutes(settings: SettingsRepository) -> int:
    value: Any = settings.get(IDLE_LOCK_MINUTES, DEFAULT_IDLE_LOCK_MINUTES)
    if isinstance(value, int) and not isinstance(value, bool) and \
            1 <= value <= MAX_IDLE_LOCK_MINUTES:
        return value
    return DEFAULT_IDLE_LOCK_MINUTES


class SettingsService:
    """Reading is open to every role; changing needs `settings.manage` (admins)."""

    def __init__(self, uow_factory: AdminUnitOfWorkFactory, *, actor: Actor) -> None:
        self._uow = uow_factory
        self.actor = actor

    def clinic_name(self) -> str:
        with self._uow() as uow:
            return str(uow.settings.get(CLINIC_NAME, "") or "")

    def idle_lock_minutes(self) -> int:
        with self._uow() as uow:
            return read_idle_lock_minutes(uow.settings)

    def set_idle_lock_minutes(self, minutes: int) -> None:
        require(self.actor, Permission.SETTINGS_MANAGE)
        if not 1 <= minutes <= MAX_IDLE_LOCK_MINUTES:
            raise ClinicError(f"the idle lock must be between 1 and {MAX_IDLE_LOCK_MINUTES} "
                              "minutes")
        self._set(IDLE_LOCK_MINUTES, minutes)

    def set_clinic_name(self, name: str) -> None:
        require(self.actor, Permission.SETTINGS_MANAGE)
        name = " ".join(name.split())
        if not name:
            raise ClinicError("the clinic name is empty")
        self._set(CLINIC_NAME, name)

    def _set(self, key: str, value: Any) -> None:
        with self._uow() as uow:
            old = uow.settings.get(key)
            uow.settings.set(key, value)
            uow.audit.record(AuditAction.SETTING_CHANGED, entity="setting", entity_id=key,
                             detail={"old": old, "new": value})
