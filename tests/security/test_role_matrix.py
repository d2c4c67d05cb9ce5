"""The role matrix: every service call is refused, before it touches the store, for every role
that lacks its permission; docs/security.md shows the same matrix as the code."""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clinic_app.audit_log import AuditQuery
from clinic_app.domain import IntakeDocument, Role
from clinic_app.errors import PermissionDenied
from clinic_app.security import ROLE_PERMISSIONS, Actor, Permission
from clinic_app.services.audit import AuditService
from clinic_app.services.backups import BackupService
from clinic_app.services.intakes import IntakeService
from clinic_app.services.sessions import SessionService
from clinic_app.services.settings import SettingsService
from clinic_app.services.users import UserService

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"


class Touched(Exception):
    """The call got past its permission check and reached the store."""


def _forbidden(*_args: Any, **_kwargs: Any) -> Any:
    raise Touched


class _Nothing:
    """Any attribute is a callable that reports the call got through."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        return _forbidden


@dataclass
class Services:
    intakes: IntakeService
    users: UserService
    audit: AuditService
    backups: BackupService
    settings: SettingsService
    session: SessionService


def _services(role: Role) -> Services:
    actor = Actor("u1", "someone", role)
    nothing: Any = _Nothing()
    return Services(
        intakes=IntakeService(_forbidden, nothing, actor=actor),
        users=UserService(_forbidden, nothing, actor=actor),
        audit=AuditService(_forbidden, actor=actor),
        backups=BackupService(_forbidden, nothing, actor=actor),
        settings=SettingsService(_forbidden, actor=actor),
        session=SessionService(_forbidden, nothing, actor=actor))


DOC = IntakeDocument({"format": "clinic-intake/1", "client": {"given_names": "A"}})

# (service, method, permission, call). Every public method of these services is listed here or
# in OPEN_TO_ALL (test_every_service_method_is_in_the_matrix keeps it so).
CALLS: list[tuple[str, str, Permission, Callable[[Services], Any]]] = [
    ("intakes", "import_files", Permission.INTAKE_CREATE,
     lambda s: s.intakes.import_files([Path("x.json")])),
    ("intakes", "import_document", Permission.INTAKE_CREATE,
     lambda s: s.intakes.import_document(DOC)),
    ("intakes", "client_summaries", Permission.CLIENT_LIST, lambda s: s.intakes.client_summaries()),
    ("intakes", "client_count", Permission.CLIENT_LIST, lambda s: s.intakes.client_count()),
    ("intakes", "open_intake", Permission.INTAKE_VIEW, lambda s: s.intakes.open_intake("i1")),
    ("intakes", "latest_intake", Permission.INTAKE_VIEW, lambda s: s.intakes.latest_intake("c1")),
    ("intakes", "save_intake", Permission.INTAKE_EDIT,
     lambda s: s.intakes.save_intake("i1", DOC)),
    ("intakes", "record_printed", Permission.DOCUMENT_PRINT,
     lambda s: s.intakes.record_printed("i1", "summary")),
    ("intakes", "export_client", Permission.INTAKE_EXPORT,
     lambda s: s.intakes.export_client("c1")),
    ("intakes", "export_all", Permission.INTAKE_EXPORT, lambda s: list(s.intakes.export_all())),
    ("users", "list_users", Permission.USER_MANAGE, lambda s: s.users.list_users()),
    ("users", "add_user", Permission.USER_MANAGE,
     lambda s: s.users.add_user("new", Role.PARALEGAL, "long enough password")),
    ("users", "reset_password", Permission.USER_MANAGE,
     lambda s: s.users.reset_password("x", "long enough password")),
    ("users", "unlock_user", Permission.USER_MANAGE, lambda s: s.users.unlock_user("x")),
    ("users", "set_role", Permission.USER_MANAGE, lambda s: s.users.set_role("x", Role.ADMIN)),
    ("users", "remove_user", Permission.USER_MANAGE, lambda s: s.users.remove_user("x")),
    ("audit", "audit_events", Permission.AUDIT_VIEW,
     lambda s: s.audit.audit_events(AuditQuery())),
    ("audit", "audit_usernames", Permission.AUDIT_VIEW, lambda s: s.audit.audit_usernames()),
    ("audit", "audit_actions", Permission.AUDIT_VIEW, lambda s: s.audit.audit_actions()),
    ("audit", "verify", Permission.AUDIT_VERIFY, lambda s: s.audit.verify()),
    ("backups", "backup", Permission.STORE_BACKUP, lambda s: s.backups.backup(Path("b.db"))),
    ("backups", "latest_backup", Permission.STORE_BACKUP, lambda s: s.backups.latest_backup()),
    ("settings", "set_idle_lock_minutes", Permission.SETTINGS_MANAGE,
     lambda s: s.settings.set_idle_lock_minutes(5)),
    ("settings", "set_clinic_name", Permission.SETTINGS_MANAGE,
     lambda s: s.settings.set_clinic_name("X")),
    ("session", "change_password", Permission.PASSWORD_CHANGE,
     lambda s: s.session.change_password("old password", "long enough password")),
]
# A signed-in user's own session and reading non-confidential settings.
OPEN_TO_ALL = {("settings", "clinic_name"), ("settings", "idle_lock_minutes"),
               ("session", "idle_lock_minutes"), ("session", "lock"), ("session", "unlock"),
               ("session", "sign_out")}

CASES = [pytest.param(service, call, permission, role, id=f"{service}.{method}-{role.value}")
         for service, method, permission, call in CALLS for role in Role]


@pytest.mark.parametrize(("service", "call", "permission", "role"), CASES)
def test_every_call_obeys_the_matrix(service: str, call: Callable[[Services], Any],
                                     permission: Permission, role: Role) -> None:
    services = _services(role)
    if permission in ROLE_PERMISSIONS[role]:
        with contextlib.suppress(Touched):  # allowed: it went on to the (absent) store
            call(services)
        return
    with pytest.raises(PermissionDenied) as refused:
        call(services)  # a Touched here would mean the store was reached before the check
    assert refused.value.role == role.value
    assert refused.value.action == permission.description
    assert f"a {role.value} may not {permission.description}" in str(refused.value)


def test_every_service_method_is_in_the_matrix() -> None:
    listed = {(service, method) for service, method, _, _ in CALLS} | OPEN_TO_ALL
    for name, cls in (("intakes", IntakeService), ("users", UserService),
                      ("audit", AuditService), ("backups", BackupService),
                      ("settings", SettingsService), ("session", SessionService)):
        public = {m for m, _ in inspect.getmembers(cls, inspect.isfunction)
                  if not m.startswith("_")}
        assert {(name, m) for m in public} <= listed, f"{name}: add new methods to CALLS"


def _documented_matrix() -> dict[Role, set[Permission]]:
    rows = [line for line in DOCS.read_text(encoding="utf-8").splitlines()
            if re.match(r"^\| `[a-z.]+` \|", line)]
    roles = [Role.PARALEGAL, Role.ATTORNEY, Role.MANAGER, Role.ADMIN]
    matrix: dict[Role, set[Permission]] = {role: set() for role in roles}
    for line in rows:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        permission = Permission(cells[0].strip("`"))
        for role, cell in zip(roles, cells[2:], strict=True):
            if cell == "✓":
                matrix[role].add(permission)
    return matrix


def test_the_documented_matrix_is_the_enforced_one() -> None:
    documented = _documented_matrix()
    assert {p for perms in documented.values() for p in perms} | \
        {p for p in Permission} == set(Permission)
    for role in Role:
        assert documented[role] == set(ROLE_PERMISSIONS[role]), role


def test_roles_are_nested_as_the_clinic_expects() -> None:
    assert ROLE_PERMISSIONS[Role.PARALEGAL] < ROLE_PERMISSIONS[Role.ATTORNEY]
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    assert Permission.INTAKE_EXPORT not in ROLE_PERMISSIONS[Role.PARALEGAL]
    assert Permission.USER_MANAGE not in ROLE_PERMISSIONS[Role.MANAGER]
