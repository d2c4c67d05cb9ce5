"""User administration (admins only): add, list, change roles, reset passwords, remove.

The store keeps who the users are and their roles; the Authenticator keeps their credentials
(wrapped keys or hashes). Adding or removing a user, or changing a password, never re-encrypts
the store.
"""

from __future__ import annotations

from dataclasses import replace

from clinic_app.accounts import UserInfo, check_new_password, check_username
from clinic_app.audit_log import AuditAction
from clinic_app.domain import Role
from clinic_app.errors import AccountError, NotFound
from clinic_app.ports import AdminUnitOfWork, AdminUnitOfWorkFactory, Authenticator
from clinic_app.security import Actor, Permission, require


class UserService:
    def __init__(self, uow_factory: AdminUnitOfWorkFactory, authenticator: Authenticator, *,
                 actor: Actor) -> None:
        self._uow = uow_factory
        self._auth = authenticator
        self.actor = actor

    def list_users(self) -> list[UserInfo]:
        """Every user with their role and lockout state, by username."""
        require(self.actor, Permission.USER_MANAGE)
        with self._uow() as uow:
            users = uow.users.all()
        return [replace(u, lockout=self._auth.lockout(u.username)) if u.active else u
                for u in users]

    def add_user(self, username: str, role: Role, password: str, *,
                 display_name: str = "") -> UserInfo:
        """Create a user (or bring back a removed one) with a first password."""
        require(self.actor, Permission.USER_MANAGE)
        name = check_username(username)
        secret = check_new_password(password)
        role = Role(role)
        with self._uow() as uow:
            existing = uow.users.get(name)
            if existing is not None and existing.active:
                raise AccountError(f"there is already a user named {name}")
            if existing is None:
                user_id = uow.users.add(name, " ".join(display_name.split()), role)
            else:
                user_id = existing.user_id
                uow.users.set_role(name, role)
                uow.users.set_active(name, True)
            uow.audit.record(AuditAction.USER_ADDED, entity="user", entity_id=user_id,
                             detail={"username": name, "role": role.value,
                                     "returning": existing is not None})
        # After the commit: a credential for a user the store does not know would be harmless,
        # a user without a credential can be given one by an admin (reset).
        self._auth.set_password(name, secret)
        return self._get(name)

    def reset_password(self, username: str, password: str) -> None:
        """Give a user a new password chosen by the admin and lift any lockout."""
        require(self.actor, Permission.USER_MANAGE)
        secret = check_new_password(password)
        user = self._get(username)
        self._auth.set_password(user.username, secret)
        with self._uow() as uow:
            uow.audit.record(AuditAction.USER_PASSWORD_RESET, entity="user",
                             entity_id=user.user_id, detail={"username": user.username})

    def unlock_user(self, username: str) -> None:
        """Lift a lockout without changing the password."""
        require(self.actor, Permission.USER_MANAGE)
        user = self._get(username)
        self._auth.clear_lockout(user.username)
        with self._uow() as uow:
            uow.audit.record(AuditAction.USER_UNLOCKED, entity="user", entity_id=user.user_id,
                             detail={"username": user.username})

    def set_role(self, username: str, role: Role) -> None:
        require(self.actor, Permission.USER_MANAGE)
        role = Role(role)
        with self._uow() as uow:
            user = _active(uow, username)
            if user.role == role:
                return
            if user.role == Role.ADMIN:
                _keep_an_admin(uow, "take the admin role from")
            uow.users.set_role(user.username, role)
            uow.audit.record(AuditAction.USER_ROLE_CHANGED, entity="user", entity_id=user.user_id,
                             detail={"username": user.username, "old": user.role.value,
                                     "new": role.value})

    def remove_user(self, username: str) -> None:
        """The user can no longer sign in; their name stays on the audit trail."""
        require(self.actor, Permission.USER_MANAGE)
        with self._uow() as uow:
            user = _active(uow, username)
            if user.user_id == self.actor.user_id:
                raise AccountError("you cannot remove your own account; ask another admin")
            if user.role == Role.ADMIN:
                _keep_an_admin(uow, "remove")
            uow.users.set_active(user.username, False)
            uow.audit.record(AuditAction.USER_REMOVED, entity="user", entity_id=user.user_id,
                             detail={"username": user.username, "role": user.role.value})
        self._auth.remove(user.username)

    def _get(self, username: str) -> UserInfo:
        with self._uow() as uow:
            return _active(uow, username)


def _active(uow: AdminUnitOfWork, username: str) -> UserInfo:
    name = check_username(username)
    user = uow.users.get(name)
    if user is None or not user.active:
        raise NotFound(f"there is no user named {name}")
    return user


def _keep_an_admin(uow: AdminUnitOfWork, verb: str) -> None:
    if uow.users.count_active_admins() <= 1:
        raise AccountError(f"cannot {verb} the last admin; make another user admin first")
