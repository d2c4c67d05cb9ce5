"""Encrypted stores (SQLCipher): nothing readable on disk, and a wrong key says so plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic_app.domain import IntakeDocument
from clinic_app.errors import StoreError, StoreLockedOrWrongKey
from db.engine import Store, open_store
from db.migrate import ensure_schema

KEY = "correct horse battery staple"
MARKER = "ZZQX-Marisol-Gómez-niño"


def _plant(store: Store) -> None:
    document = IntakeDocument({"format": "clinic-intake/1",
                               "client": {"given_names": MARKER, "family_names": "Test"},
                               "notes": MARKER * 50})
    with store.uow() as uow:
        client_id = uow.clients.add(document)
        uow.intakes.add(client_id, document)


def _on_disk(folder: Path) -> bytes:
    """Every byte of the store's files (.db, -wal, -shm) as they are right now."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob("clinic.db*")))


def _encrypted(tmp_path: Path) -> Store:
    store = open_store(data_dir=tmp_path, key=KEY)
    ensure_schema(store)
    return store


def test_a_plain_store_would_show_the_planted_name(tmp_path: Path) -> None:
    """The control for the test below: without a key the name is on disk in clear."""
    with open_store(data_dir=tmp_path) as store:
        ensure_schema(store)
        _plant(store)
        assert MARKER.encode() in _on_disk(tmp_path)


def test_an_encrypted_store_shows_no_planted_name_in_its_files(tmp_path: Path) -> None:
    with _encrypted(tmp_path) as store:
        assert store.encrypted
        _plant(store)
        assert (tmp_path / "clinic.db-wal").exists()  # the connection is still open
        data = _on_disk(tmp_path)
        assert MARKER.encode() not in data and "Gómez".encode() not in data
        assert b"SQLite format 3" not in data and b"CREATE TABLE" not in data
    assert MARKER.encode() not in _on_disk(tmp_path)

    with open_store(data_dir=tmp_path, key=KEY) as reopened, reopened.uow() as uow:
        (summary,) = uow.clients.summaries()
        assert summary.display_name == f"{MARKER} Test"


def test_the_wrong_key_is_reported_as_such(tmp_path: Path,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    with _encrypted(tmp_path) as store:
        _plant(store)
    with pytest.raises(StoreLockedOrWrongKey) as raised:
        open_store(data_dir=tmp_path, key="wrong horse")
    message = str(raised.value)
    assert "wrong passphrase, or the file is damaged or not a Clinic Intake store" in message
    assert str(tmp_path / "clinic.db") in message
    assert "hmac" not in capfd.readouterr().err  # SQLCipher's own log is silenced


def test_an_encrypted_store_opened_without_a_key_asks_for_one(tmp_path: Path) -> None:
    with _encrypted(tmp_path):
        pass
    with pytest.raises(StoreLockedOrWrongKey, match="needs its passphrase"):
        open_store(data_dir=tmp_path)


def test_a_plain_store_opened_with_a_key_is_refused(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path) as store:
        ensure_schema(store)
    with pytest.raises(StoreError, match="it is not encrypted"):
        open_store(data_dir=tmp_path, key=KEY)


def test_an_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="empty"):
        open_store(data_dir=tmp_path, key="")


def test_the_backup_of_an_encrypted_store_is_encrypted_with_the_same_key(tmp_path: Path) -> None:
    from db.backup import snapshot
    with _encrypted(tmp_path) as store:
        _plant(store)
        snapshot(store, tmp_path / "copy.db")
    copy = tmp_path / "copy.db"
    assert MARKER.encode() not in copy.read_bytes()
    with open_store(f"sqlite:///{copy}", key=KEY) as opened, opened.uow() as uow:
        assert uow.clients.count() == 1
