"""No client data where it does not belong: a planted client name is absent from the store file,
its WAL, a backup, the keyring and the log; temporary files live in a private folder."""

from __future__ import annotations

import io
import json
import logging
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.__main__ import Composition
from clinic_app.cli import run
from clinic_app.domain import IntakeDocument
from clinic_app.logging_setup import LOG_FILENAME, configure_logging, remove_logging
from clinic_app.services.intakes import IntakeService
from clinic_app.tempfiles import private_temp_dir, private_temp_file
from db.access import OpenedStore

from .conftest import ADMIN, SCENARIOS

MARKER = "Zyxwvutsrq Marisol Gómez-Niño"


def _planted(tmp_path: Path, *, valid: bool = True) -> Path:
    doc = json.loads((SCENARIOS / "s01-ana-honduras.json").read_text(encoding="utf-8"))
    doc["client"]["given_names"] = MARKER
    doc["client"]["family_names"] = MARKER
    doc.setdefault("notes", MARKER)
    if not valid:
        doc["events"][1]["date"] = "2019-02-30"  # an impossible day: the file is refused
    path = tmp_path / ("planted.json" if valid else "planted-bad.json")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _contains(path: Path) -> bool:
    data = path.read_bytes()
    return any(form in data for form in (MARKER.encode("utf-8"), MARKER.encode("utf-16-le"),
                                         b"Zyxwvutsrq", b"Marisol"))


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    configure_logging(folder, level=logging.DEBUG)
    yield folder
    remove_logging()


def test_the_name_is_not_in_the_store_its_wal_or_the_keyring(opened: OpenedStore,
                                                              data_dir: Path,
                                                              tmp_path: Path) -> None:
    service = IntakeService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                            actor=opened.actor)
    doc = json.loads(_planted(tmp_path).read_text(encoding="utf-8"))
    service.import_document(IntakeDocument(doc))
    files = sorted(data_dir.iterdir())
    names = {p.name for p in files}
    assert {"clinic.db", "clinic.db-wal", "clinic.db-shm", "clinic.keys.json"} <= names
    for path in files:  # while the store is open: the change is in the WAL
        assert not _contains(path), path
    with opened.store.uow() as uow:  # ... and it is really there
        assert uow.clients.summaries()[0].display_name == f"{MARKER} {MARKER}"
    backup = opened.backups.backup(tmp_path / "backup.db")
    for path in backup:
        assert not _contains(path), path
    opened.close()
    for path in sorted(data_dir.iterdir()):
        assert not _contains(path), path


def test_the_name_is_not_in_the_log_whatever_the_cli_did(
        data_dir: Path, tmp_path: Path, log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN.password)
    out, err = io.StringIO(), io.StringIO()

    def cli(*argv: str) -> int:
        return run(["--data-dir", str(data_dir), "--user", "admin", *argv], Composition(),
                   out=out, err=err)

    assert cli("init", "--clinic", "Clínica", "--admin", "admin") == 0
    assert cli("import", str(_planted(tmp_path)), str(_planted(tmp_path, valid=False))) == 2
    assert cli("list") == 0 and MARKER in out.getvalue()  # the terminal may show it
    assert cli("export", "--all", "--out", str(tmp_path / "exports")) == 0
    assert cli("backup", str(tmp_path / "b.db")) == 0
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "wrong password")
    assert cli("list") == 1
    log = log_dir / LOG_FILENAME
    assert log.stat().st_size > 0 and "signed in" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    for path in [log, tmp_path / "b.db", tmp_path / "b.keys.json", *data_dir.iterdir()]:
        assert not _contains(path), path
    exported = list((tmp_path / "exports").iterdir())
    assert exported and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in exported)


def test_temporary_files_live_in_a_private_folder_removed_at_exit(tmp_path: Path) -> None:
    folder = private_temp_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert private_temp_dir() == folder  # one per process
    scratch = private_temp_file(".pdf")
    assert scratch.parent == folder and stat.S_IMODE(scratch.stat().st_mode) == 0o600
    scratch.unlink()
    code = textwrap.dedent("""
        import tempfile
        from clinic_app.tempfiles import private_temp_dir, use_for_all_temporary_files
        folder = use_for_all_temporary_files()
        (folder / "draft.pdf").write_text("client data")
        with tempfile.NamedTemporaryFile(delete=False) as f:
            inside = f.name.startswith(str(folder))
        print(folder, inside)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    printed, inside = result.stdout.split()
    assert inside == "True"
    assert not Path(printed).exists()  # removed at exit, with what was in it
