"""The keyring: a random database key wrapped per user with Argon2id + AES-256-GCM, lockout."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clinic_app.accounts import lock_duration
from clinic_app.errors import AccountLocked, AuthenticationFailed, StoreError
from db import keyring

STORE_ID = "store-1"


def _ring(tmp_path: Path, key: bytes, **users: str) -> Path:
    path = tmp_path / "clinic.keys.json"
    ring = keyring.Keyring(STORE_ID)
    for name, password in users.items():
        ring.entries[name] = keyring.wrap_entry(key, store_id=STORE_ID, username=name,
                                                password=password)
    keyring.create_keyring(path, ring)
    return path


def test_each_user_unwraps_the_same_random_key(tmp_path: Path) -> None:
    key = keyring.new_database_key()
    path = _ring(tmp_path, key, ana="ana password", luis="luis password")
    assert keyring.unlock(path, "ana", "ana password") == (key, STORE_ID)
    assert keyring.unlock(path, "luis", "luis password") == (key, STORE_ID)
    text = path.read_text()
    assert key.hex() not in text and "ana password" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_entry_records_its_kdf_and_binds_user_and_store(tmp_path: Path) -> None:
    key = keyring.new_database_key()
    entry = keyring.wrap_entry(key, store_id=STORE_ID, username="ana", password="pw pw pw 1")
    assert entry["kdf"]["type"] == "argon2id"
    assert {"time_cost", "memory_cost", "parallelism", "salt"} <= entry["kdf"].keys()
    assert keyring.unwrap_entry(entry, store_id=STORE_ID, username="ana",
                                password="pw pw pw 1") == key
    # Moved to another user or another store, the entry no longer opens (AAD).
    assert keyring.unwrap_entry(entry, store_id=STORE_ID, username="luis",
                                password="pw pw pw 1") is None
    assert keyring.unwrap_entry(entry, store_id="other", username="ana",
                                password="pw pw pw 1") is None


def test_wrong_password_and_unknown_user_say_the_same(tmp_path: Path) -> None:
    path = _ring(tmp_path, keyring.new_database_key(), ana="ana password")
    with pytest.raises(AuthenticationFailed) as wrong:
        keyring.unlock(path, "ana", "not it")
    with pytest.raises(AuthenticationFailed) as unknown:
        keyring.unlock(path, "nobody", "not it")
    assert str(wrong.value) == str(unknown.value) == "wrong username or password"
    failures = keyring.read_keyring(path).take_failures()
    assert [(f.username, f.reason) for f in failures] == [("ana", "wrong password"),
                                                          (None, "unknown user")]
    assert "nobody" not in path.read_text()  # a typed name (maybe a password) is not kept


def test_five_failures_lock_with_growing_delays_and_success_resets(tmp_path: Path) -> None:
    path = _ring(tmp_path, keyring.new_database_key(), ana="ana password")
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as raised:
            keyring.unlock(path, "ana", "wrong", now=now)
        assert not isinstance(raised.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        keyring.unlock(path, "ana", "wrong", now=now)
    assert locked.value.retry_after == timedelta(minutes=1)
    assert "try again in 1 minute" in str(locked.value)
    # While locked even the right password is refused, and the refusal does not count.
    with pytest.raises(AccountLocked):
        keyring.unlock(path, "ana", "ana password", now=now + timedelta(seconds=30))
    assert keyring.read_keyring(path).lockout("ana").failures == 5
    later = now + timedelta(minutes=2)
    with pytest.raises(AccountLocked) as longer:
        keyring.unlock(path, "ana", "wrong", now=later)
    assert longer.value.retry_after == timedelta(minutes=5)
    assert "try again in 5 minutes" in str(longer.value)
    keyring.unlock(path, "ana", "ana password", now=later + timedelta(minutes=6))
    assert keyring.read_keyring(path).lockout("ana").failures == 0


def test_the_delays_grow_then_stay_at_an_hour() -> None:
    assert [lock_duration(n) for n in range(4)] == [None] * 4
    assert [lock_duration(n) for n in range(5, 10)] == [
        timedelta(minutes=m) for m in (1, 5, 15, 60, 60)]


def test_a_missing_or_damaged_keyring_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "clinic.keys.json"
    with pytest.raises(StoreError, match=r"missing.*latest backup"):
        keyring.unlock(path, "ana", "x")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="damaged"):
        keyring.unlock(path, "ana", "x")


def test_writes_are_atomic_and_leave_no_temp_files(tmp_path: Path) -> None:
    path = _ring(tmp_path, keyring.new_database_key(), ana="ana password")
    with keyring.updating(path) as ring:
        ring.meta["note"] = "x"
    assert json.loads(path.read_text())["meta"] == {"note": "x"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".clinic.keys.json.lock",
                                                          "clinic.keys.json"]


def test_keyring_names() -> None:
    assert keyring.keyring_path(Path("/a/clinic.db")) == Path("/a/clinic.keys.json")
    assert keyring.keyring_path(Path("/a/clinic.db.bak-1")) == Path("/a/clinic.db.bak-1.keys.json")
    assert keyring.raw_key(bytes(32)) == "x'" + "00" * 32 + "'"
