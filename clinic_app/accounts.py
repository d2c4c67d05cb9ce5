"""Accounts: username and password rules, the lockout schedule, and the DTOs user admin returns.

Both credential stores (the SQLCipher keyring and the PostgreSQL users table) apply the same
rules from here, so a clinic sees the same behaviour whichever store it runs on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from clinic_app.domain import Role
from clinic_app.errors import AccountError, AccountLocked

MIN_PASSWORD_LENGTH = 8  # NIST SP 800-63B 5.1.1.2: at least 8, allow at least 64, no other rules
MAX_PASSWORD_LENGTH = 256
MAX_USERNAME_LENGTH = 80
MAX_FAILURES = 5
# After MAX_FAILURES wrong passwords in a row, then after each further one (minutes).
LOCK_STEPS_MINUTES = (1, 5, 15, 60)

_USERNAME = re.compile(r"^[\w.@-]+$")


def normalize_username(text: str) -> str:
    """NFKC, trimmed and case-folded: "  Ana.Pérez " and "ana.pérez" are the same account."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def check_username(text: str) -> str:
    """The normalized username, or AccountError saying what is wrong with it."""
    name = normalize_username(text)
    if not name:
        raise AccountError("the username is empty")
    if len(name) > MAX_USERNAME_LENGTH:
        raise AccountError(f"the username is longer than {MAX_USERNAME_LENGTH} characters")
    if not _USERNAME.match(name):
        raise AccountError("a username may hold letters, digits and . _ @ - only (no spaces)")
    return name


def normalize_password(text: str) -> str:
    """NFKC, as NIST asks, so the same password typed on two keyboards gives the same bytes."""
    return unicodedata.normalize("NFKC", text)


def check_new_password(text: str) -> str:
    """The normalized password if it may be set, else AccountError (length is the only rule)."""
    password = normalize_password(text)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def lock_duration(failures: int) -> timedelta | None:
    """How long an account stays locked after `failures` wrong passwords in a row."""
    if failures < MAX_FAILURES:
        return None
    step = min(failures - MAX_FAILURES, len(LOCK_STEPS_MINUTES) - 1)
    return timedelta(minutes=LOCK_STEPS_MINUTES[step])


def describe_wait(delta: timedelta) -> str:
    """"1 minute", "15 minutes" (rounded up: never promise less than the real wait)."""
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def account_locked(until: datetime, now: datetime, *, just_now: bool = False) -> AccountLocked:
    """The error for a locked account, saying how long to wait."""
    wait = max(until - now, timedelta(0))
    first = ("wrong username or password; this account is now locked after too many wrong "
             "passwords" if just_now else
             "this account is locked after too many wrong passwords")
    return AccountLocked(f"{first}: try again in {describe_wait(wait)}, or ask an administrator "
                         "to reset it", until=until, retry_after=wait)


@dataclass(frozen=True)
class LockoutState:
    """Where an account stands: wrong passwords in a row and the end of a lock, if locked."""

    failures: int = 0
    locked_until: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class FailedSignIn:
    """A refused sign-in noted where the store was still closed, for the audit trail later."""

    at: datetime
    username: str | None  # None when no such account exists (the typed name is not kept)
    reason: str  # "wrong password", "locked", "unknown user"


@dataclass(frozen=True)
class UserInfo:
    """A row of `clinic-intake user list` and the admin screen (no password material)."""

    user_id: str
    username: str
    display_name: str
    role: Role
    active: bool
    lockout: LockoutState = LockoutState()
