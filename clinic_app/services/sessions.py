"""The signed-in user's session: the idle lock, unlocking, signing out, changing one's password."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from clinic_app.accounts import FailedSignIn, check_new_password, normalize_password
from clinic_app.audit_log import AuditAction
from clinic_app.ports import AdminUnitOfWorkFactory, AuditTrail, Authenticator
from clinic_app.security import Actor, Permission, require
from clinic_app.services.settings import read_idle_lock_minutes


def record_failed_sign_ins(audit: AuditTrail, failures: Sequence[FailedSignIn]) -> None:
    """Write refused sign-ins (noted while the store was closed) into the audit trail."""
    for failure in failures:
        audit.record(AuditAction.LOGIN_FAILED, entity="user", entity_id=failure.username or "",
                     detail={"username": failure.username, "reason": failure.reason,
                             "attempted_at": failure.at.isoformat()})


class SessionService:
    """What the lock screen and the account menu need. Every role may use it for itself."""

    def __init__(self, uow_factory: AdminUnitOfWorkFactory, authenticator: Authenticator, *,
                 actor: Actor, on_close: Callable[[], None] = lambda: None) -> None:
        self._uow = uow_factory
        self._auth = authenticator
        self._on_close = on_close
        self._closed = False
        self.actor = actor

    def idle_lock_minutes(self) -> int:
        """Minutes without keyboard or mouse input before the window locks (admin setting)."""
        with self._uow() as uow:
            return read_idle_lock_minutes(uow.settings)

    def lock(self) -> None:
        """Note that the window was locked (idle or on request)."""
        with self._uow() as uow:
            uow.audit.record(AuditAction.SESSION_LOCKED, entity="user",
                             entity_id=self.actor.user_id)

    def unlock(self, password: str) -> None:
        """Resume after the lock: only this user's password will do.

        Raises AuthenticationFailed (AccountLocked after too many wrong passwords); wrong
        attempts count toward the account's lockout like any sign-in.
        """
        self._verify(password)
        with self._uow() as uow:
            uow.audit.record(AuditAction.SESSION_UNLOCKED, entity="user",
                             entity_id=self.actor.user_id)

    def change_password(self, current: str, new: str) -> None:
        """Change the signed-in user's own password (re-wraps their key; nothing re-encrypted)."""
        require(self.actor, Permission.PASSWORD_CHANGE)
        password = check_new_password(new)
        self._verify(current)
        self._auth.set_password(self.actor.username, password)
        with self._uow() as uow:
            uow.audit.record(AuditAction.USER_PASSWORD_CHANGED, entity="user",
                             entity_id=self.actor.user_id, detail={"by": "self"})

    def _verify(self, password: str) -> None:
        """Check this user's password (counted toward lockout); refusals reach the trail."""
        try:
            self._auth.verify(self.actor.username, normalize_password(password))
        finally:
            failures = self._auth.drain_failed_sign_ins()
            if failures:
                with self._uow() as uow:
                    record_failed_sign_ins(uow.audit, failures)

    def sign_out(self) -> None:
        """End the session and close the store (the next user signs in afresh)."""
        if self._closed:
            return
        self._closed = True
        try:
            with self._uow() as uow:
                uow.audit.record(AuditAction.SESSION_SIGNED_OUT, entity="user",
                                 entity_id=self.actor.user_id)
        finally:
            self._on_close()
