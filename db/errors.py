"""Turn driver and ORM exceptions into the core's StoreError family, with plain messages.

Messages name the store's location and the kind of failure, never row values: SQLAlchemy is
created with hide_parameters=True and only the first line of a driver message is kept (PostgreSQL
puts the offending values on a DETAIL line).
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from clinic_app.errors import (
    ConcurrentChangeError,
    StoreDamaged,
    StoreError,
    StoreLockedOrWrongKey,
)

WRONG_KEY = "wrong passphrase, or the file is damaged or not a Clinic Intake store"
NEEDS_KEY = ("it is not a database, or it is an encrypted store and needs its passphrase "
             "(or the file is damaged)")


__all__ = ["ConcurrentChangeError", "open_error", "write_error"]


def sqlite_error_name(exc: BaseException) -> str:
    """SQLITE_BUSY, SQLITE_NOTADB ... (Python 3.11+ and sqlcipher3 expose the extended code)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return str(getattr(orig, "sqlite_errorname", "") or "")


def driver_message(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def open_error(exc: SQLAlchemyError, location: str, *, encrypted: bool) -> StoreError:
    """What went wrong while opening the store at `location`."""
    name = sqlite_error_name(exc)
    if name == "SQLITE_NOTADB" or "file is not a database" in driver_message(exc):
        if encrypted:
            return StoreLockedOrWrongKey(f"cannot open the store at {location}: {WRONG_KEY}")
        return StoreLockedOrWrongKey(f"cannot open the store at {location}: {NEEDS_KEY}")
    if name.startswith("SQLITE_CORRUPT"):
        return StoreDamaged(f"cannot open the store at {location}: the file is damaged",
                            path=location)
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open the store at {location}: the file or its folder "
                          "cannot be opened (missing, or no permission)")
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")):
        return StoreError(f"cannot open the store at {location}: no permission to write to it")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"cannot open the store at {location}: it is locked by another "
                          "program; close it and try again")
    return StoreError(f"cannot open the store at {location}: {driver_message(exc)}")


def write_error(exc: SQLAlchemyError, location: str) -> StoreError:
    """What went wrong while reading or saving in an open store."""
    if isinstance(exc, StaleDataError):
        return ConcurrentChangeError("the record was changed by someone else since it was opened; "
                                "reload it and make the change again")
    name = sqlite_error_name(exc)
    if name == "SQLITE_BUSY_SNAPSHOT":
        # This transaction read data that another one has since changed: same as a stale row.
        return ConcurrentChangeError("the data was changed by someone else while this change was "
                                "being made; reload and make the change again")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"the store at {location} is busy (another window or program is "
                          "saving); try again")
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")):
        return StoreError(f"the store at {location} cannot be written (no permission)")
    if name.startswith("SQLITE_CORRUPT") or (name == "SQLITE_NOTADB"):
        return StoreDamaged(f"the store at {location} is damaged (a page fails its check); "
                            "close Clinic Intake and start it again to see how to restore "
                            "your newest backup", path=location)
    if name == "SQLITE_FULL":
        return StoreError(f"the store at {location} cannot be written: the disk is full")
    return StoreError(f"the store at {location} could not complete the change: "
                      f"{driver_message(exc)}")
