"""Typed errors raised by the core and adapters; the ui and cli turn them into words."""

from __future__ import annotations

from dataclasses import dataclass


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


class StoreLockedOrWrongKey(StoreError):
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


class NotFound(ClinicError):
    """A client, intake or other record asked for by id does not exist."""

    code = "not_found"
