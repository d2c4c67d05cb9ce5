"""Signing in to an encrypted store: the three kinds of failure, the start-up check, and users
and passwords that change without the store ever being re-encrypted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from clinic_app.audit_log import AuditQuery
from clinic_app.domain import Role
from clinic_app.errors import (
    AccountError,
    AuthenticationFailed,
    NoStore,
    StoreDamaged,
    StoreError,
    UnencryptedStore,
)
from clinic_app.security import Credentials
from clinic_app.services.sessions import SessionService
from clinic_app.services.users import UserService
from db import keyring
from db.access import OpenedStore, create, sign_in, store_exists
from db.engine import open_store

from .conftest import ADMIN

PARALEGAL = Credentials("paula", "paralegal password")


def _users(opened: OpenedStore) -> UserService:
    return UserService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                       opened.authenticator, actor=opened.actor)


def _key(data_dir: Path, who: Credentials) -> bytes:
    key, _ = keyring.unlock(data_dir / "clinic.keys.json", who.username, who.password)
    return key


def test_first_run_creates_an_encrypted_store_and_signs_in_the_admin(
        opened: OpenedStore, data_dir: Path) -> None:
    assert opened.actor.username == "admin" and opened.actor.role is Role.ADMIN
    assert opened.store.encrypted
    assert (data_dir / "clinic.db").read_bytes()[:16] != b"SQLite format 3\x00"
    assert store_exists(data_dir=data_dir)
    assert not store_exists(data_dir=data_dir.parent / "elsewhere")
    with opened.store.uow() as uow:
        assert [e.action for e in reversed(uow.audit_log.events(_all()))] == [
            "store.created", "user.added", "login.succeeded"]
        assert uow.settings.get("clinic.name") == "Clínica Frontera"


def test_sign_in_needs_the_right_password_and_says_nothing_about_the_name(
        opened: OpenedStore, data_dir: Path) -> None:
    opened.close()
    with pytest.raises(AuthenticationFailed) as wrong:
        sign_in(data_dir=data_dir, credentials=Credentials("admin", "wrong password"))
    with pytest.raises(AuthenticationFailed) as unknown:
        sign_in(data_dir=data_dir, credentials=Credentials("ghost", "wrong password"))
    assert str(wrong.value) == str(unknown.value) == "wrong username or password"
    # Usernames are compared normalized; refusals reach the trail at the next sign-in.
    again = sign_in(data_dir=data_dir, credentials=Credentials(" ADMIN ", ADMIN.password))
    with again.store.uow() as uow:
        reasons = [str(e.detail.get("reason")) for e in uow.audit_log.events(_all())
                   if e.action == "login.failed"]
        assert sorted(reasons) == ["unknown user", "wrong password"]
    again.close()


def test_wrong_password_and_damaged_file_give_different_messages(
        opened: OpenedStore, data_dir: Path) -> None:
    backup = opened.backups.backup(data_dir.parent / "backup.db")[0]
    opened.close()
    db = data_dir / "clinic.db"
    data = bytearray(db.read_bytes())
    data[4096 * 2 + 200] ^= 0xFF  # one byte of the third page
    db.write_bytes(bytes(data))
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        sign_in(data_dir=data_dir, credentials=Credentials("admin", "not the password"))
    with pytest.raises(StoreDamaged) as damaged:
        sign_in(data_dir=data_dir, credentials=ADMIN)
    message = str(damaged.value)
    assert "damaged" in message and "password was right" in message
    assert str(db) in message and str(backup) in message
    assert f"clinic-intake restore {backup} --data-dir" in message
    assert damaged.value.backup == str(backup)


def test_a_damaged_first_page_is_damage_too(opened: OpenedStore, data_dir: Path) -> None:
    opened.close()
    db = data_dir / "clinic.db"
    data = bytearray(db.read_bytes())
    data[40] ^= 0xFF
    db.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged, match="No backup was found"):
        sign_in(data_dir=data_dir, credentials=ADMIN)


def test_a_plain_sqlite_store_is_refused_with_the_way_out(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    sqlite3.connect(data_dir / "clinic.db").execute("create table t (x)").connection.close()
    with pytest.raises(UnencryptedStore, match="clinic-intake encrypt"):
        sign_in(data_dir=data_dir, credentials=ADMIN)
    with pytest.raises(StoreError, match="already a store"):
        create(data_dir=data_dir, clinic_name="X", admin=ADMIN)


def test_no_store_and_a_lost_store_file_are_told_apart(opened: OpenedStore,
                                                      data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(NoStore, match="clinic-intake init"):
        sign_in(data_dir=tmp_path / "empty", credentials=ADMIN)
    opened.close()
    (data_dir / "clinic.db").unlink()
    with pytest.raises(StoreError, match=r"is missing \(its key file is there\)"):
        sign_in(data_dir=data_dir, credentials=ADMIN)


def test_a_key_file_of_another_store_is_named(opened: OpenedStore, data_dir: Path,
                                              tmp_path: Path) -> None:
    opened.close()
    other = create(data_dir=tmp_path / "other", clinic_name="Other", admin=ADMIN)
    other.close()
    (data_dir / "clinic.keys.json").write_bytes((tmp_path / "other" / "clinic.keys.json")
                                                .read_bytes())
    with pytest.raises(StoreDamaged):  # another store's key cannot open this file
        sign_in(data_dir=data_dir, credentials=ADMIN)


def test_users_and_passwords_change_without_re_encrypting_the_store(
        opened: OpenedStore, data_dir: Path) -> None:
    db = data_dir / "clinic.db"
    key = _key(data_dir, ADMIN)
    salt = db.read_bytes()[:16]  # SQLCipher's per-file salt: a rekey would rewrite it
    users = _users(opened)
    users.add_user(PARALEGAL.username, Role.PARALEGAL, PARALEGAL.password)
    assert _key(data_dir, PARALEGAL) == key
    session = SessionService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                             opened.authenticator, actor=opened.actor)
    session.change_password(ADMIN.password, "a brand new password")
    assert _key(data_dir, Credentials("admin", "a brand new password")) == key
    with pytest.raises(AuthenticationFailed):
        _key(data_dir, ADMIN)
    users.remove_user(PARALEGAL.username)
    with pytest.raises(AuthenticationFailed):
        _key(data_dir, PARALEGAL)
    opened.close()
    assert db.read_bytes()[:16] == salt
    # The very same key still opens the file: nothing was re-encrypted.
    with open_store(path=db, key=keyring.raw_key(key)) as store, store.uow() as uow:
        assert [u.username for u in uow.users.all() if u.active] == ["admin"]


def test_password_change_leaves_the_database_file_bytes_alone(
        opened: OpenedStore, data_dir: Path) -> None:
    """Only the keyring is rewritten: the main file is unchanged (its change log goes to the
    WAL), which a re-encryption could not do."""
    db = data_dir / "clinic.db"
    with opened.store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    opened.authenticator.set_password("admin", "another good password")
    assert db.read_bytes() == before


def test_removed_users_cannot_sign_in_and_the_last_admin_stays(
        opened: OpenedStore, data_dir: Path) -> None:
    users = _users(opened)
    users.add_user("luis", Role.ATTORNEY, "attorney password")
    users.remove_user("luis")
    with pytest.raises(AuthenticationFailed):
        sign_in(data_dir=data_dir, credentials=Credentials("luis", "attorney password"))
    with pytest.raises(AccountError, match=r"last admin|your own"):
        users.remove_user("admin")
    with pytest.raises(AccountError, match="last admin"):
        users.set_role("admin", Role.MANAGER)


def test_admin_reset_lifts_a_lockout_and_sets_a_password(opened: OpenedStore,
                                                        data_dir: Path) -> None:
    users = _users(opened)
    users.add_user("paula", Role.PARALEGAL, PARALEGAL.password)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            sign_in(data_dir=data_dir, credentials=Credentials("paula", "wrong one"))
    [paula] = [u for u in users.list_users() if u.username == "paula"]
    assert paula.lockout.failures == 5 and paula.lockout.locked_until is not None
    users.reset_password("paula", "fresh password")
    again = sign_in(data_dir=data_dir, credentials=Credentials("paula", "fresh password"))
    assert again.actor.role is Role.PARALEGAL
    again.close()


def _all() -> AuditQuery:
    return AuditQuery(limit=1000)
