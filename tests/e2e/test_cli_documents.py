"""`clinic-intake pdf` and `clinic-intake report` end to end on a real encrypted store."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from clinic_app.__main__ import Composition
from clinic_app.cli import run
from db import keyring

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FILES = sorted(SCENARIOS.glob("s*.json"))
ADMIN_PASSWORD = "correct horse battery"

Cli = Callable[..., tuple[int, str, str]]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), Composition(), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr(keyring, "DEFAULT_KDF", keyring.KdfParams(1, 1024, 1))
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN_PASSWORD)
    data = tmp_path / "data"
    assert cli("--data-dir", str(data), "init", "--clinic", "Clínica Frontera", "--admin",
               "admin")[0] == 0

    def as_user(*argv: str, user: str = "admin") -> tuple[int, str, str]:
        return cli("--data-dir", str(data), "--user", user, *argv)

    code, _, err = as_user("import", *map(str, FILES))
    assert code == 0, err
    return as_user


def client_ids(store: Cli) -> dict[str, str]:
    rows = json.loads(store("list", "--format", "json")[1])
    return {r["name"]: r["id"] for r in rows}


def test_pdf_of_one_client_in_each_copy_and_language(store: Cli, tmp_path: Path) -> None:
    ana = client_ids(store)["Ana Lucía Rosales Ferrera"]
    code, out, err = store("pdf", ana, "--out", str(tmp_path / "ana.pdf"))
    assert code == 0, err
    assert "wrote" in out and "pages" in out
    assert (tmp_path / "ana.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = store("pdf", ana, "--out", str(tmp_path / "copia.pdf"), "--copy", "client")
    assert code == 0, err
    code, _, err = store("pdf", ana, "--out", str(tmp_path / "copy.pdf"), "--copy", "client",
                         "--lang", "en")
    assert code == 0, err
    code, out, _ = store("audit", "list", "--action", "document.", "--format", "json")
    details = [e["detail"] for e in json.loads(out)]
    assert [(d["document"], d["lang"]) for d in details[:3]] == [
        ("client_copy", "en"), ("client_copy", "es"), ("intake_summary", "en")]


def test_pdf_all_shows_progress_and_names_files_by_id(store: Cli, tmp_path: Path) -> None:
    code, out, err = store("pdf", "--all", "--out", str(tmp_path / "all"), "--copy", "client")
    assert code == 0, err
    assert f"wrote {len(FILES)} of {len(FILES)} PDF(s)" in out
    assert f"{len(FILES)}/{len(FILES)}" in err
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(names) == len(FILES)
    assert all(n.startswith("client-copy-") and n.endswith(("-en.pdf", "-es.pdf"))
               for n in names)


def test_pdf_of_an_unknown_client_fails_plainly(store: Cli, tmp_path: Path) -> None:
    code, _, err = store("pdf", "nobody", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "no client with id nobody" in err
    assert not (tmp_path / "x.pdf").exists()


def test_reports_in_every_format_and_the_managers_identified_export(
        store: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind, suffix in (("caseload", "csv"), ("flags", "xlsx"), ("deadlines", "pdf")):
        target = tmp_path / f"{kind}.{suffix}"
        code, out, err = store("report", kind, "--out", str(target), "--from", "2026-01-01",
                               "--to", "2026-12-31")
        assert code == 0, err
        assert "de-identified" in out and target.stat().st_size > 0
    monkeypatch.setenv("CLINIC_INTAKE_NEW_PASSWORD", "paralegal password")
    assert store("user", "add", "paula", "--role", "paralegal")[0] == 0
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "paralegal password")
    code, _, err = store("report", "flags", "--identified", "--format", "csv", "--out",
                         str(tmp_path / "names.csv"), user="paula")
    assert code == 1 and "a paralegal may not run caseload and deadline reports" in err
    assert not (tmp_path / "names.csv").exists()
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN_PASSWORD)
    code, out, err = store("report", "flags", "--identified", "--format", "csv", "--out",
                           str(tmp_path / "names.csv"))
    assert code == 0 and "IDENTIFIED" in out, err
    assert "Ana Lucía Rosales Ferrera" in (tmp_path / "names.csv").read_text("utf-8-sig")


def test_a_report_without_a_known_format_asks_for_one(store: Cli, tmp_path: Path) -> None:
    code, _, err = store("report", "caseload", "--out", str(tmp_path / "report.txt"))
    assert code == 1 and "--format csv, xlsx or pdf" in err
