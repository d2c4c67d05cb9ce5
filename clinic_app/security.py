"""Who may do what: permissions, the role matrix (docs/security.md), and the acting user.

Services receive an `Actor` when they are built and call `require(actor, permission)` at the top
of every public method, so the matrix holds for the GUI, the command line and any script alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from clinic_app.domain import Role
from clinic_app.errors import PermissionDenied


class Permission(StrEnum):
    """One thing a user may do; the value is stable (it appears in docs and tests)."""

    CLIENT_LIST = "client.list"
    INTAKE_VIEW = "intake.view"
    INTAKE_CREATE = "intake.create"
    INTAKE_EDIT = "intake.edit"
    INTAKE_EXPORT = "intake.export"
    DOCUMENT_PRINT = "document.print"
    REVIEW_RECORD = "review.record"
    REPORT_RUN = "report.run"
    REPORT_IDENTIFIED = "report.identified"
    PASSWORD_CHANGE = "password.change"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    AUDIT_VERIFY = "audit.verify"
    STORE_BACKUP = "store.backup"
    STORE_RESTORE = "store.restore"
    SETTINGS_MANAGE = "settings.manage"
    RULE_PACK_MANAGE = "rulepack.manage"

    @property
    def description(self) -> str:
        """What the permission allows, as a verb phrase ("a paralegal may not <description>")."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS: dict[Permission, str] = {
    Permission.CLIENT_LIST: "see the client list",
    Permission.INTAKE_VIEW: "open a client's intake",
    Permission.INTAKE_CREATE: "add intakes (new clients or imported files)",
    Permission.INTAKE_EDIT: "change an intake",
    Permission.INTAKE_EXPORT: "export intakes as plain-text files",
    Permission.DOCUMENT_PRINT: "print or save client documents (PDF)",
    Permission.REVIEW_RECORD: "record an attorney review of flags",
    Permission.REPORT_RUN: "run caseload and deadline reports",
    Permission.REPORT_IDENTIFIED: "export reports that name clients",
    Permission.PASSWORD_CHANGE: "change their own password",
    Permission.USER_MANAGE: "manage users, roles and passwords",
    Permission.AUDIT_VIEW: "read the audit trail",
    Permission.AUDIT_VERIFY: "verify the audit trail",
    Permission.STORE_BACKUP: "back up the store",
    Permission.STORE_RESTORE: "restore the store from a backup",
    Permission.SETTINGS_MANAGE: "change clinic settings (such as the idle lock)",
    Permission.RULE_PACK_MANAGE: "install rule packs",
}

_EVERYONE = frozenset({Permission.CLIENT_LIST, Permission.INTAKE_VIEW, Permission.DOCUMENT_PRINT,
                       Permission.PASSWORD_CHANGE})
_CASEWORK = _EVERYONE | {Permission.INTAKE_CREATE, Permission.INTAKE_EDIT}

# The matrix documented in docs/security.md (a test keeps the two in step). Admins hold every
# permission: a small clinic's director is often its only admin and also takes intakes.
ROLE_PERMISSIONS: MappingProxyType[Role, frozenset[Permission]] = MappingProxyType({
    Role.PARALEGAL: _CASEWORK,
    Role.ATTORNEY: _CASEWORK | {Permission.REVIEW_RECORD, Permission.INTAKE_EXPORT},
    Role.MANAGER: _EVERYONE | {Permission.REPORT_RUN, Permission.REPORT_IDENTIFIED,
                               Permission.STORE_BACKUP},
    Role.ADMIN: frozenset(Permission),
})


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf services act (never holds a password or key)."""

    user_id: str
    username: str
    role: Role
    display_name: str = ""

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def label(self) -> str:
        """"Ana Pérez (paralegal)" or "ana (paralegal)", for a status bar."""
        return f"{self.display_name or self.username} ({self.role.value})"


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied (naming the action and the role) unless `actor` may do this."""
    if not actor.can(permission):
        raise PermissionDenied(permission.description, actor.role.value)


@dataclass(frozen=True)
class Credentials:
    """A username and password as typed; the password never appears in a repr or a log."""

    username: str
    password: str = field(repr=False)
