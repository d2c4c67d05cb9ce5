"""Users and settings on one session (clinic_app.ports.UserRepository, SettingsRepository)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.accounts import LockoutState, UserInfo
from clinic_app.domain import Role
from clinic_app.errors import NotFound
from db.records import SettingRecord, UserRecord
from db.repositories import new_id

NO_PASSWORD = "!"  # no hash yet (the credential is set right after, or lives in the keyring)


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, username: str, display_name: str, role: Role, *,
            password_hash: str = NO_PASSWORD) -> str:
        record = UserRecord(id=new_id(), username=username, display_name=display_name,
                            role=Role(role).value, password_hash=password_hash,
                            failed_logins=0, active=True)
        self._session.add(record)
        self._session.flush()
        return record.id

    def get(self, username: str) -> UserInfo | None:
        record = self._record(username)
        return user_info(record) if record is not None else None

    def get_by_id(self, user_id: str) -> UserInfo | None:
        record = self._session.get(UserRecord, user_id)
        return user_info(record) if record is not None else None

    def all(self) -> list[UserInfo]:
        return [user_info(r) for r in
                self._session.scalars(select(UserRecord).order_by(UserRecord.username))]

    def set_role(self, username: str, role: Role) -> None:
        self._existing(username).role = Role(role).value
        self._session.flush()

    def set_active(self, username: str, active: bool) -> None:
        self._existing(username).active = active
        self._session.flush()

    def count_active_admins(self) -> int:
        return self._session.scalar(
            select(func.count()).select_from(UserRecord)
            .where(UserRecord.role == Role.ADMIN.value, UserRecord.active.is_(True))) or 0

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(UserRecord)) or 0

    def _record(self, username: str) -> UserRecord | None:
        return self._session.scalar(select(UserRecord).where(UserRecord.username == username))

    def _existing(self, username: str) -> UserRecord:
        record = self._record(username)
        if record is None:
            raise NotFound(f"there is no user named {username}")
        return record


def user_info(record: UserRecord) -> UserInfo:
    return UserInfo(user_id=record.id, username=record.username,
                    display_name=record.display_name, role=Role(record.role),
                    active=record.active,
                    lockout=LockoutState(record.failed_logins or 0, record.locked_until))


class SqlSettingsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str, default: Any = None) -> Any:
        record = self._session.get(SettingRecord, key)
        return record.value if record is not None else default

    def set(self, key: str, value: Any) -> None:
        record = self._session.get(SettingRecord, key)
        if record is None:
            self._session.add(SettingRecord(key=key, value=value))
        else:
            record.value = value
        self._session.flush()
