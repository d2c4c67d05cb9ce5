"""The keyring beside an encrypted store: the database key, wrapped once per user.

`clinic.db` has `clinic.keys.json` next to it (mode 0600). The database key is 32 random bytes,
given to SQLCipher as a raw key (`x'…'`, so SQLCipher's own PBKDF2 is skipped). Each user's entry
wraps it with AES-256-GCM under a key derived from that user's password with Argon2id (type,
parameters and salt are stored in the entry); the associated data binds the store id and the
username, so an entry cannot be moved to another user or store. Changing a password re-wraps one
entry; the store itself is never re-encrypted and the key is never on disk in the clear.

Lockout counters and refused sign-ins live here too, because they are needed while the store is
still closed. They are not secret; someone able to edit this file could also copy it and guess
passwords offline, which Argon2id is there to slow down.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clinic_app.accounts import (
    FailedSignIn,
    LockoutState,
    account_locked,
    lock_duration,
)
from clinic_app.errors import AuthenticationFailed, StoreError

FORMAT = "clinic-intake-keyring/1"
KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
WRONG_CREDENTIALS = "wrong username or password"
MAX_PENDING = 200  # refused sign-ins kept until the next sign-in writes them to the audit trail


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored with every entry, so raising it later only affects new wraps."""

    time_cost: int = 3
    memory_cost: int = 65536  # KiB (64 MiB): argon2-cffi's default, RFC 9106 low-memory profile
    parallelism: int = 4

    def to_json(self) -> dict[str, Any]:
        return {"type": "argon2id", "version": 19, "time_cost": self.time_cost,
                "memory_cost": self.memory_cost, "parallelism": self.parallelism}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        if not isinstance(data, dict) or data.get("type") != "argon2id" or \
                data.get("version") != 19:
            raise ValueError("unknown key derivation")
        return cls(int(data["time_cost"]), int(data["memory_cost"]), int(data["parallelism"]))


# Read at call time (tests make it cheap; entries keep the parameters they were made with).
DEFAULT_KDF = KdfParams()


def keyring_path(db_path: Path) -> Path:
    """clinic.db -> clinic.keys.json, backup.db -> backup.keys.json, x.bak-1 -> x.bak-1.keys.json"""
    name = db_path.name
    stem = name[:-3] if name.endswith(".db") else name
    return db_path.with_name(f"{stem}.keys.json")


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def raw_key(key: bytes) -> str:
    """The key as SQLCipher takes it raw: x'<64 hex digits>'."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key has 32 bytes")
    return f"x'{key.hex()}'"


def derive_kek(password: str, salt: bytes, params: KdfParams) -> bytes:
    """The key-encryption key: Argon2id(password, salt) -> 32 bytes."""
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=params.time_cost,
                           memory_cost=params.memory_cost, parallelism=params.parallelism,
                           hash_len=KEY_BYTES, type=Type.ID, version=19)


def _aad(store_id: str, username: str) -> bytes:
    return f"{FORMAT}|{store_id}|{username}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def wrap_entry(key: bytes, *, store_id: str, username: str, password: str,
               params: KdfParams | None = None) -> dict[str, Any]:
    """A new entry for `username`: fresh salt and nonce, lockout cleared."""
    params = params or DEFAULT_KDF
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapped = AESGCM(derive_kek(password, salt, params)).encrypt(
        nonce, key, _aad(store_id, username))
    return {"kdf": {**params.to_json(), "salt": _b64(salt)}, "nonce": _b64(nonce),
            "wrapped_key": _b64(wrapped), "failed_logins": 0, "locked_until": None}


def unwrap_entry(entry: dict[str, Any], *, store_id: str, username: str,
                 password: str) -> bytes | None:
    """The database key, or None if the password is wrong (the GCM tag does not verify)."""
    try:
        kdf = entry["kdf"]
        params = KdfParams.from_json(kdf)
        salt, nonce = _unb64(kdf["salt"]), _unb64(entry["nonce"])
        wrapped = _unb64(entry["wrapped_key"])
    except (KeyError, TypeError, ValueError) as err:
        raise StoreError(f"the key entry of {username} is damaged") from err
    try:
        return AESGCM(derive_kek(password, salt, params)).decrypt(
            nonce, wrapped, _aad(store_id, username))
    except InvalidTag:
        return None


@dataclass
class Keyring:
    """The file's content. `meta` holds non-secret facts (last backup, audit anchor)."""

    store_id: str
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "store_id": self.store_id, "entries": self.entries,
                "pending_failures": self.pending, "meta": self.meta}

    @classmethod
    def from_json(cls, data: Any) -> Keyring:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a Clinic Intake keyring")
        store_id, entries = data.get("store_id"), data.get("entries")
        if not isinstance(store_id, str) or not isinstance(entries, dict):
            raise ValueError("keyring without store id or entries")
        pending = data.get("pending_failures") or []
        meta = data.get("meta") or {}
        if not isinstance(pending, list) or not isinstance(meta, dict):
            raise ValueError("keyring with a damaged bookkeeping section")
        return cls(store_id, entries, pending, meta)

    def lockout(self, username: str) -> LockoutState:
        entry = self.entries.get(username)
        if entry is None:
            return LockoutState()
        until = entry.get("locked_until")
        return LockoutState(int(entry.get("failed_logins") or 0),
                            datetime.fromisoformat(until) if until else None)

    def note_failure(self, at: datetime, username: str | None, reason: str) -> None:
        self.pending.append({"at": at.isoformat(), "username": username, "reason": reason})
        del self.pending[:-MAX_PENDING]

    def take_failures(self) -> list[FailedSignIn]:
        failures = [FailedSignIn(datetime.fromisoformat(p["at"]), p.get("username"),
                                 str(p.get("reason", ""))) for p in self.pending]
        self.pending.clear()
        return failures


def read_keyring(path: Path) -> Keyring:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"the key file {path} is missing: without it the store beside it "
                         "cannot be opened. Put back the copy made with your latest backup "
                         "(the .keys.json file next to it)") from None
    except OSError as err:
        raise StoreError(f"cannot read the key file {path}: {err.strerror or err}") from err
    try:
        return Keyring.from_json(json.loads(text))
    except ValueError as err:
        raise StoreError(f"the key file {path} is damaged ({err}); put back the copy made "
                         "with your latest backup") from None


def write_keyring(path: Path, ring: Keyring) -> None:
    """Atomically: temp file in the same folder (0600), fsync, rename over, fsync the folder."""
    data = json.dumps(ring.to_json(), indent=1, sort_keys=True).encode("utf-8")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the key file {path}: {err.strerror or err}") from err


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialize read-modify-write of the keyring between processes (the app and the CLI)."""
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        raise StoreError(f"cannot lock the key file {path}: {err.strerror or err}") from err
    try:
        _lock_fd(fd)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock_fd(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


@contextlib.contextmanager
def updating(path: Path) -> Iterator[Keyring]:
    """Read the keyring under the lock, let the caller change it, write it back atomically."""
    with locked(path):
        ring = read_keyring(path)
        yield ring
        write_keyring(path, ring)


def create_keyring(path: Path, ring: Keyring) -> None:
    """Write a new keyring; refuse to replace one (it would orphan its store)."""
    if path.exists():
        raise StoreError(f"a key file already exists at {path}; move it away first")
    write_keyring(path, ring)


def utc_now() -> datetime:
    return datetime.now(UTC)


def unlock(path: Path, username: str, password: str, *, expected_key: bytes | None = None,
           now: datetime | None = None) -> tuple[bytes, str]:
    """(database key, store id) for a right password; else AuthenticationFailed/AccountLocked.

    Applies the lockout: a locked account is refused without trying the password; each wrong
    password counts, and MAX_FAILURES in a row lock the account with growing delays. An unknown
    username costs the same Argon2id work and gives the same message as a wrong password.
    `expected_key` (the open store's key) makes a re-check of a signed-in user's password.
    """
    with locked(path):
        ring = read_keyring(path)
        now = now or utc_now()
        error: AuthenticationFailed | None = None
        key: bytes | None = None
        entry = ring.entries.get(username)
        if entry is None:
            derive_kek(password, secrets.token_bytes(SALT_BYTES), DEFAULT_KDF)
            ring.note_failure(now, None, "unknown user")
            error = AuthenticationFailed(WRONG_CREDENTIALS)
        else:
            state = ring.lockout(username)
            if state.locked_at(now):
                assert state.locked_until is not None
                ring.note_failure(now, username, "locked")
                error = account_locked(state.locked_until, now)
            else:
                key = unwrap_entry(entry, store_id=ring.store_id, username=username,
                                   password=password)
                if key is not None and expected_key is not None and \
                        not secrets.compare_digest(key, expected_key):
                    key = None
                if key is None:
                    failures = state.failures + 1
                    entry["failed_logins"] = failures
                    delay = lock_duration(failures)
                    ring.note_failure(now, username, "wrong password")
                    if delay is not None:
                        entry["locked_until"] = (now + delay).isoformat()
                        error = account_locked(now + delay, now, just_now=True)
                    else:
                        error = AuthenticationFailed(WRONG_CREDENTIALS)
                else:
                    entry["failed_logins"] = 0
                    entry["locked_until"] = None
        write_keyring(path, ring)
    if error is not None:
        raise error
    assert key is not None
    return key, ring.store_id
