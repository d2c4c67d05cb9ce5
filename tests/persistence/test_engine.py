"""Opening a store: where it goes, how the file is protected, PRAGMAs, and errors that say why."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from clinic_app.errors import StoreError, StoreLockedOrWrongKey
from db import location
from db.engine import Store, open_store
from db.location import resolve_target


def _pragma(store: Store, name: str) -> object:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_connection_has_wal_foreign_keys_and_full_sync(store: Store) -> None:
    assert _pragma(store, "journal_mode") == "wal"
    assert _pragma(store, "foreign_keys") == 1
    assert _pragma(store, "synchronous") == 2  # FULL
    assert int(str(_pragma(store, "busy_timeout"))) > 0


def test_a_foreign_key_violation_raises(store: Store) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO intakes (id, client_id, ordinal, format, status, facts, created_at, "
            "updated_at, version_id) VALUES ('i', 'no-such-client', 1, 'clinic-intake/1', "
            "'complete', '{}', '2026-01-01', '2026-01-01', 1)")


def test_the_folder_is_private_and_the_file_owner_only(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path / "a" / "b") as store:
        assert store.path == tmp_path / "a" / "b" / "clinic.db"
        assert store.kind == "sqlite"
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b" / "clinic.db").stat().st_mode) == 0o600


def test_the_default_location_is_the_per_user_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(location, "default_data_dir", lambda: tmp_path / "ClinicIntake")
    with open_store() as store:
        assert store.location == str(tmp_path / "ClinicIntake" / "clinic.db")


def test_the_real_default_folder_is_named_for_the_app() -> None:
    assert location.default_data_dir().name == "ClinicIntake"


def test_a_url_overrides_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.db"
    with open_store(f"sqlite:///{target}", data_dir=tmp_path / "ignored") as store:
        assert store.path == target
    assert target.exists() and not (tmp_path / "ignored").exists()


def test_a_postgresql_url_is_shown_without_its_password() -> None:
    target = resolve_target("postgresql://clinic:s3cret-pw@db.example:5432/intake")
    assert target.kind == "postgresql"
    assert target.url.drivername == "postgresql+psycopg"
    assert "s3cret-pw" not in target.display and "db.example" in target.display


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url at all"])
def test_unsupported_or_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        resolve_target(url)


def test_a_malformed_url_is_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as raised:
        open_store("postgresql+psycopg:// user:pw-in-url@:::")
    assert "pw-in-url" not in str(raised.value)


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "clinic.db"
    path.write_bytes(b"These are meeting notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as raised:
        open_store(f"sqlite:///{path}")
    assert isinstance(raised.value, StoreLockedOrWrongKey)
    assert str(path) in str(raised.value)
    assert "not a database" in str(raised.value)


def test_an_unwritable_location_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the store at") as raised:
        open_store(data_dir=blocker / "data")
    assert str(blocker / "data" / "clinic.db") in str(raised.value)


def test_a_folder_where_the_file_should_be_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "clinic.db").mkdir()
    with pytest.raises(StoreError, match="it is a folder"):
        open_store(data_dir=tmp_path)


def test_a_passphrase_is_refused_for_postgresql() -> None:
    with pytest.raises(StoreError, match="only to a SQLite store"):
        open_store("postgresql+psycopg://u@localhost/db", key="pw")
