"""The two Authenticators (clinic_app.ports.Authenticator).

- KeyringAuthenticator: an encrypted SQLite store. A password is right when it unwraps the
  user's copy of the database key (db/keyring.py); lockout state is in the keyring.
- TableAuthenticator: a PostgreSQL store. Argon2id hashes (argon2.PasswordHasher) and the
  lockout state are in the users table; refusals go straight into the audit trail.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.accounts import FailedSignIn, LockoutState, account_locked, lock_duration
from clinic_app.audit_log import AuditAction
from clinic_app.errors import AuthenticationFailed, NotFound
from clinic_app.ports import AuditTrail
from db import keyring
from db.base import utc_now
from db.engine import Store
from db.records import UserRecord

# What the users table holds in place of a hash: the credential is elsewhere, or not set yet.
IN_KEYRING = "!keyring"
NO_PASSWORD = "!"


class KeyringAuthenticator:
    """Credentials of an encrypted store: entries of its keyring, wrapping `key`."""

    def __init__(self, path: Path, *, store_id: str, key: bytes) -> None:
        self.path = path
        self.store_id = store_id
        self._key = key

    def verify(self, username: str, password: str) -> None:
        keyring.unlock(self.path, username, password, expected_key=self._key)

    def set_password(self, username: str, password: str) -> None:
        entry = keyring.wrap_entry(self._key, store_id=self.store_id, username=username,
                                   password=password)
        with keyring.updating(self.path) as ring:
            ring.entries[username] = entry

    def clear_lockout(self, username: str) -> None:
        with keyring.updating(self.path) as ring:
            entry = ring.entries.get(username)
            if entry is None:
                raise NotFound(f"{username} has no password yet; reset it to give one")
            entry["failed_logins"] = 0
            entry["locked_until"] = None

    def lockout(self, username: str) -> LockoutState:
        return keyring.read_keyring(self.path).lockout(username)

    def remove(self, username: str) -> None:
        with keyring.updating(self.path) as ring:
            ring.entries.pop(username, None)

    def drain_failed_sign_ins(self) -> list[FailedSignIn]:
        with keyring.updating(self.path) as ring:
            return ring.take_failures()

    def has_password(self, username: str) -> bool:
        return username in keyring.read_keyring(self.path).entries

    def set_meta(self, name: str, value: object) -> None:
        """Record a non-secret fact in the keyring (the last backup, the audit anchor)."""
        with keyring.updating(self.path) as ring:
            ring.meta[name] = value


def password_hasher() -> PasswordHasher:
    """Argon2id with the same cost as the keyring's key derivation."""
    params = keyring.DEFAULT_KDF
    return PasswordHasher(time_cost=params.time_cost, memory_cost=params.memory_cost,
                          parallelism=params.parallelism)


class TableAuthenticator:
    """Credentials of a PostgreSQL store: Argon2id hashes and lockout in the users table."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._hasher = password_hasher()
        self._dummy: str | None = None

    def verify(self, username: str, password: str) -> None:
        now = utc_now()
        error: AuthenticationFailed | None = None
        with self._store.uow() as uow:
            record = uow.session.scalar(select(UserRecord).where(UserRecord.username == username)
                                        .with_for_update())
            if record is None or not record.active:
                self._burn(password)
                error = AuthenticationFailed(keyring.WRONG_CREDENTIALS)
                _refused(uow.audit, None if record is None else username, "unknown user")
            elif record.locked_until is not None and record.locked_until > now:
                error = account_locked(record.locked_until, now)
                _refused(uow.audit, username, "locked")
            elif self._matches(record, password):
                record.failed_logins = 0
                record.locked_until = None
                if self._hasher.check_needs_rehash(record.password_hash):
                    record.password_hash = self._hasher.hash(password)
            else:
                record.failed_logins += 1
                delay = lock_duration(record.failed_logins)
                if delay is not None:
                    record.locked_until = now + delay
                    error = account_locked(now + delay, now, just_now=True)
                else:
                    error = AuthenticationFailed(keyring.WRONG_CREDENTIALS)
                _refused(uow.audit, username, "wrong password")
        if error is not None:
            raise error

    def _matches(self, record: UserRecord, password: str) -> bool:
        try:
            return self._hasher.verify(record.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _burn(self, password: str) -> None:
        """Spend the same Argon2id work on an unknown name as on a known one."""
        if self._dummy is None:
            self._dummy = self._hasher.hash(secrets.token_hex(16))
        with contextlib.suppress(VerificationError):
            self._hasher.verify(self._dummy, password)

    def set_password(self, username: str, password: str) -> None:
        digest = self._hasher.hash(password)
        with self._store.uow() as uow:
            record = _record(uow.session, username)
            record.password_hash = digest
            record.failed_logins = 0
            record.locked_until = None

    def clear_lockout(self, username: str) -> None:
        with self._store.uow() as uow:
            record = _record(uow.session, username)
            record.failed_logins = 0
            record.locked_until = None

    def lockout(self, username: str) -> LockoutState:
        with self._store.uow() as uow:
            record = _record(uow.session, username)
            return LockoutState(record.failed_logins, record.locked_until)

    def remove(self, username: str) -> None:
        with self._store.uow() as uow:
            _record(uow.session, username).password_hash = NO_PASSWORD

    def drain_failed_sign_ins(self) -> list[FailedSignIn]:
        return []  # already in the audit trail: the store was open when they happened


def _record(session: Session, username: str) -> UserRecord:
    record = session.scalar(select(UserRecord).where(UserRecord.username == username))
    if record is None:
        raise NotFound(f"there is no user named {username}")
    return record


def _refused(audit: AuditTrail, username: str | None, reason: str) -> None:
    """A refusal, in the trail at once (the store is open); the attempt's time is now."""
    audit.record(AuditAction.LOGIN_FAILED, entity="user", entity_id=username or "",
                 detail={"username": username, "reason": reason,
                         "attempted_at": utc_now().isoformat()})
