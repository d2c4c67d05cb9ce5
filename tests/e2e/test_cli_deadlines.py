"""`clinic-intake deadlines` on a real encrypted store: text, JSON and an .ics calendars import."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from clinic_app.__main__ import Composition
from clinic_app.cli import run
from db import keyring

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FILES = sorted(SCENARIOS.glob("s*.json"))
PASSWORD = "correct horse battery"

Cli = Callable[..., tuple[int, str, str]]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), Composition(), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A store holding the scenario clients; returns `cli` signed in as its admin."""
    monkeypatch.setattr(keyring, "DEFAULT_KDF", keyring.KdfParams(1, 1024, 1))
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", PASSWORD)
    data = str(tmp_path / "data")
    assert cli("--data-dir", data, "init", "--clinic", "Clínica", "--admin", "admin")[0] == 0

    def as_admin(*argv: str) -> tuple[int, str, str]:
        return cli("--data-dir", data, "--user", "admin", *argv)
    assert as_admin("import", *map(str, FILES))[0] == 0
    return as_admin


def test_json_lists_every_deadline_and_ics_holds_one_event_each(store: Cli,
                                                                tmp_path: Path) -> None:
    code, out, err = store("deadlines", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    kinds = {r["kind"] for r in rows}
    assert {"one_year", "turns_18", "parole_end"} <= kinds
    assert any(r["earliest_possible"] for r in rows)  # Pedro's ranged entry

    target = tmp_path / "out" / "deadlines.ics"
    code, _, err = store("deadlines", "--format", "ics", "--out", str(target))
    assert code == 0 and f"({len(rows)} events)" in err
    assert target.stat().st_mode & 0o077 == 0
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert sorted(str(e["UID"]) for e in events) == sorted(r["uid"] for r in rows)
    names = {r["client"].split()[0] for r in rows}
    assert not any(n in str(e["SUMMARY"]) for e in events for n in names)


def test_within_keeps_overdue_ones_and_text_says_how_late(store: Cli) -> None:
    code, out, _ = store("deadlines", "--within", "0")
    assert code == 0
    assert "days overdue" in out and "[overdue]" in out
    everything = json.loads(store("deadlines", "--format", "json")[1])
    narrowed = json.loads(store("deadlines", "--format", "json", "--within", "0")[1])
    assert narrowed == [r for r in everything if r["days_left"] <= 0]


def test_refresh_rebuilds_and_a_negative_window_is_refused(store: Cli) -> None:
    code, _, err = store("deadlines", "--refresh", "--format", "json")
    assert code == 0 and "recomputed" in err
    with pytest.raises(SystemExit):
        store("deadlines", "--within", "-3")
