"""Typed errors raised by the core and adapters; the ui and cli turn them into words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


class ClinicError(Exception):
    """Base of every error a user may see; carries a stable code for translation."""

    code = "error"


@dataclass(frozen=True)
class FormatIssue:
    """One problem in an interchange file: where (a JSON path such as `events[3].date`) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class IntakeFormatError(ClinicError):
    """A `clinic-intake/1` document is not valid; `issues` lists every problem found."""

    code = "intake_format"

    def __init__(self, source: str, issues: list[FormatIssue]) -> None:
        self.source = source
        self.issues = issues
        summary = "; ".join(str(i) for i in issues[:5])
        more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
        super().__init__(f"{source}: {summary}{more}")


class StoreError(ClinicError):
    """The store could not be opened, migrated or written."""

    code = "store"


class ConcurrentChangeError(StoreError):
    """Someone else saved this record since it was read; reload and apply the change again."""

    code = "store_conflict"


class StoreLockedOrWrongKey(StoreError):  # noqa: N818 (a settled public name)
    """The store is encrypted and the key was wrong, or the file is not a database at all."""

    code = "store_key"


class RulePackError(ClinicError):
    """A rule pack is malformed, unsigned, tampered with or untrusted; the current pack stays."""

    code = "rule_pack"

    def __init__(self, message: str, *, file: str = "", line: int | None = None,
                 column: int | None = None) -> None:
        self.file = file
        self.line = line
        self.column = column
        where = file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}" if where else message)


class NotFound(ClinicError):  # noqa: N818 (a settled public name)
    """A client, intake or other record asked for by id does not exist."""

    code = "not_found"


class StoreDamaged(StoreError):  # noqa: N818 (named like NotFound)
    """The store opens with its key (the password was right) but its pages fail their checks.

    `path` is the damaged file and `backup` the newest backup found, if any, so the message can
    say which file to restore from.
    """

    code = "store_damaged"

    def __init__(self, message: str, *, path: str = "", backup: str | None = None) -> None:
        self.path = path
        self.backup = backup
        super().__init__(message)


class UnencryptedStore(StoreError):  # noqa: N818 (named like NotFound)
    """A plain (unencrypted) SQLite store where an encrypted one is required."""

    code = "store_unencrypted"


class NoStore(StoreError):  # noqa: N818 (named like NotFound)
    """Nothing has been set up at this location yet (run `clinic-intake init`)."""

    code = "store_missing"


class AuthenticationFailed(ClinicError):  # noqa: N818 (named like NotFound)
    """Wrong username or password. The message never says which of the two was wrong."""

    code = "auth_failed"


class AccountLocked(AuthenticationFailed):
    """Too many wrong passwords: sign-in is refused until `until` (or an admin resets it)."""

    code = "auth_locked"

    def __init__(self, message: str, *, until: datetime, retry_after: timedelta) -> None:
        self.until = until
        self.retry_after = retry_after
        super().__init__(message)


class PermissionDenied(ClinicError):  # noqa: N818 (named like NotFound)
    """The signed-in user's role does not allow this action (enforced in services)."""

    code = "permission_denied"

    def __init__(self, action: str, role: str) -> None:
        self.action = action
        self.role = role
        super().__init__(f"a {role} may not {action}; ask an administrator if you need to")


class AccountError(ClinicError):
    """A user-management request that cannot be done (bad username, weak password, last admin)."""

    code = "account"
