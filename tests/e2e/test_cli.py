"""The `clinic-intake` command end to end on a real store in a temp folder."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from clinic_app.__main__ import main
from clinic_app.cli import run
from clinic_app.__main__ import Composition

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FILES = sorted(SCENARIOS.glob("s*.json"))


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), Composition(), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_import_then_list_shows_every_scenario_client(data_dir: Path) -> None:
    code, out, err = cli("--data-dir", str(data_dir), "import", *map(str, FILES))
    assert code == 0, err
    assert f"{len(FILES)} imported, 0 failed" in out
    code, out, _ = cli("--data-dir", str(data_dir), "list")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == len(FILES)
    for f in FILES:
        client = json.loads(f.read_text(encoding="utf-8"))["client"]
        assert any(client["family_names"] in line for line in lines), client["family_names"]


def test_import_export_round_trip_gives_the_same_facts(data_dir: Path, tmp_path: Path) -> None:
    assert cli("--data-dir", str(data_dir), "import", *map(str, FILES))[0] == 0
    out_dir = tmp_path / "export"
    code, _, err = cli("--data-dir", str(data_dir), "export", "--all", "--out", str(out_dir))
    assert code == 0, err
    exported = [json.loads(p.read_text(encoding="utf-8")) for p in out_dir.glob("*.json")]
    originals = [json.loads(p.read_text(encoding="utf-8")) for p in FILES]
    key = lambda d: d["client"]["family_names"]  # noqa: E731
    assert sorted(exported, key=key) == sorted(originals, key=key)
    assert all(p.stat().st_mode & 0o077 == 0 for p in out_dir.glob("*.json"))


def test_export_one_client_to_stdout(data_dir: Path) -> None:
    cli("--data-dir", str(data_dir), "import", str(FILES[0]))
    listing = json.loads(cli("--data-dir", str(data_dir), "list", "--format", "json")[1])
    code, out, _ = cli("--data-dir", str(data_dir), "export", "--client", listing[0]["id"],
                       "--out", "-")
    assert code == 0
    assert json.loads(out) == json.loads(FILES[0].read_text(encoding="utf-8"))


def test_invalid_file_is_reported_with_paths_and_stores_nothing(data_dir: Path,
                                                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    doc = json.loads(FILES[0].read_text(encoding="utf-8"))
    doc["events"][1]["date"] = "2019-02-30"
    doc["client"]["nick"] = "x"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(FILES[1].read_text(encoding="utf-8")[:200], encoding="utf-8")
    code, out, err = cli("--data-dir", str(data_dir), "import", str(bad), str(truncated),
                         str(FILES[2]))
    assert code == 2
    assert "events[1].date" in err and "client.nick" in err
    assert str(truncated) in err
    assert "1 imported, 2 failed" in out
    _, listing, _ = cli("--data-dir", str(data_dir), "list")
    assert len(listing.strip().splitlines()) == 1


def test_list_of_an_empty_store_prints_nothing(data_dir: Path) -> None:
    assert cli("--data-dir", str(data_dir), "list") == (0, "", "")


def test_screen_prints_the_output_shape_without_a_store(tmp_path: Path) -> None:
    code, out, _ = cli("--data-dir", str(tmp_path / "never"), "screen",
                       str(SCENARIOS / "s08-mehmet-turkiye.json"), "--as-of", "2026-07-01")
    assert code == 0
    result = json.loads(out)
    assert result["as_of"] == "2026-07-01"
    assert result["rule_pack"]["id"] == "us-border-asylum"
    assert {f["id"] for f in result["flags"]} == {"CLP-2023", "BOUNDARY-DATE"}
    assert "ONE-YEAR" in result["not_applicable"]
    assert not (tmp_path / "never").exists()


def test_screen_invalid_input_exits_2_with_paths(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "clinic-intake/1", "events": [{"type": "entry", "date": "2025-13"}]}',
                   encoding="utf-8")
    code, _, err = cli("screen", str(bad))
    assert code == 2
    assert "events[0].date" in err


@pytest.mark.parametrize("command", ["import", "export", "list", "screen", "gui"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: clinic-intake" in capsys.readouterr().out
