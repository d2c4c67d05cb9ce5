"""The `clinic-intake` command end to end on a real (encrypted) store in a temp folder.

Every command that opens the store signs in: `--user` and CLINIC_INTAKE_PASSWORD (set here with
monkeypatch; a person would type it at the prompt).
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from clinic_app.__main__ import Composition, main
from clinic_app.cli import run
from db import keyring
from db.engine import open_store

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FILES = sorted(SCENARIOS.glob("s*.json"))
ADMIN_PASSWORD = "correct horse battery"

Cli = Callable[..., tuple[int, str, str]]


def cli(*argv: str, ask: Callable[[str], str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), Composition(), out=out, err=err, ask=ask)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2id for speed (each entry records its own parameters)."""
    monkeypatch.setattr(keyring, "DEFAULT_KDF", keyring.KdfParams(1, 1024, 1))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """An initialized store; returns `cli` with --data-dir and --user admin filled in."""
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("--data-dir", str(data_dir), "init", "--clinic", "Clínica Frontera",
                         "--admin", "admin")
    assert code == 0, err
    assert "created the encrypted store" in out

    def as_admin(*argv: str, user: str = "admin") -> tuple[int, str, str]:
        return cli("--data-dir", str(data_dir), "--user", user, *argv)
    return as_admin


def test_import_then_list_shows_every_scenario_client(store: Cli) -> None:
    code, out, err = store("import", *map(str, FILES))
    assert code == 0, err
    assert f"{len(FILES)} imported, 0 failed" in out
    code, out, _ = store("list")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == len(FILES)
    for f in FILES:
        client = json.loads(f.read_text(encoding="utf-8"))["client"]
        assert any(client["family_names"] in line for line in lines), client["family_names"]


def test_import_export_round_trip_gives_the_same_facts(store: Cli, tmp_path: Path) -> None:
    assert store("import", *map(str, FILES))[0] == 0
    out_dir = tmp_path / "export"
    code, _, err = store("export", "--all", "--out", str(out_dir))
    assert code == 0, err
    exported = [json.loads(p.read_text(encoding="utf-8")) for p in out_dir.glob("*.json")]
    originals = [json.loads(p.read_text(encoding="utf-8")) for p in FILES]
    key = lambda d: d["client"]["family_names"]  # noqa: E731
    assert sorted(exported, key=key) == sorted(originals, key=key)
    assert all(p.stat().st_mode & 0o077 == 0 for p in out_dir.glob("*.json"))


def test_export_one_client_to_stdout(store: Cli) -> None:
    store("import", str(FILES[0]))
    listing = json.loads(store("list", "--format", "json")[1])
    code, out, _ = store("export", "--client", listing[0]["id"], "--out", "-")
    assert code == 0
    assert json.loads(out) == json.loads(FILES[0].read_text(encoding="utf-8"))


def test_invalid_file_is_reported_with_paths_and_stores_nothing(store: Cli,
                                                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    doc = json.loads(FILES[0].read_text(encoding="utf-8"))
    doc["events"][1]["date"] = "2019-02-30"
    doc["client"]["nick"] = "x"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(FILES[1].read_text(encoding="utf-8")[:200], encoding="utf-8")
    code, out, err = store("import", str(bad), str(truncated), str(FILES[2]))
    assert code == 2
    assert "events[1].date" in err and "client.nick" in err
    assert str(truncated) in err
    assert "1 imported, 2 failed" in out
    _, listing, _ = store("list")
    assert len(listing.strip().splitlines()) == 1


def test_list_of_an_empty_store_prints_nothing(store: Cli) -> None:
    assert store("list") == (0, "", "")


def test_user_can_come_after_the_command_or_from_the_environment(
        store: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("list", "--data-dir", str(data_dir), "--user", "admin")[0] == 0
    monkeypatch.setenv("CLINIC_INTAKE_USER", "admin")
    assert cli("--data-dir", str(data_dir), "list")[0] == 0


def test_store_commands_refuse_without_a_user_or_with_a_wrong_password(
        store: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli("--data-dir", str(data_dir), "list")
    assert code == 1 and "--user NAME" in err
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "not the password")
    code, _, err = store("list")
    assert (code, err) == (1, "clinic-intake: wrong username or password\n")


def test_the_password_can_be_typed_at_a_prompt(store: Cli, data_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLINIC_INTAKE_PASSWORD")
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return ADMIN_PASSWORD
    assert cli("--data-dir", str(data_dir), "--user", "admin", "list", ask=typed)[0] == 0
    assert prompts == ["Password for admin: "]


def test_init_asks_twice_and_refuses_a_mismatch(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLINIC_INTAKE_PASSWORD", raising=False)
    answers = iter(["first password", "second password"])
    code, _, err = cli("--data-dir", str(tmp_path / "d"), "init", "--clinic", "C", "--admin",
                       "ana", ask=lambda _: next(answers))
    assert code == 1 and "the two passwords differ" in err
    assert not (tmp_path / "d" / "clinic.db").exists()
    answers = iter(["short", "short"])
    code, _, err = cli("--data-dir", str(tmp_path / "d"), "init", "--clinic", "C", "--admin",
                       "ana", ask=lambda _: next(answers))
    assert code == 1 and "at least 8 characters" in err


def test_users_roles_and_the_matrix(store: Cli, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_INTAKE_NEW_PASSWORD", "paralegal password")
    code, out, err = store("user", "add", "Paula", "--role", "paralegal")
    assert code == 0, err
    assert "added paula (paralegal)" in out
    assert store("import", str(FILES[0]))[0] == 0
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "paralegal password")
    assert store("list", user="paula")[0] == 0
    code, _, err = store("export", "--all", "--out", str(tmp_path / "x"), user="paula")
    assert code == 1
    assert "a paralegal may not export intakes as plain-text files" in err
    assert not (tmp_path / "x").exists()
    code, _, err = store("user", "list", user="paula")
    assert code == 1 and "may not manage users" in err
    monkeypatch.setenv("CLINIC_INTAKE_NEW_PASSWORD", "paralegal password 2")
    code, out, _ = store("user", "passwd", user="paula")
    assert code == 0 and "not re-encrypted" in out
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN_PASSWORD)
    assert store("user", "role", "paula", "attorney")[0] == 0
    code, out, _ = store("user", "list", "--format", "json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["paula"]["role"] == "attorney" and users["admin"]["role"] == "admin"
    assert store("user", "remove", "paula")[0] == 0
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "paralegal password 2")
    assert store("list", user="paula")[0] == 1


def test_lockout_and_admin_reset(store: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_INTAKE_NEW_PASSWORD", "paralegal password")
    store("user", "add", "paula", "--role", "paralegal")
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "guess")
    errors = [store("list", user="paula")[2] for _ in range(6)]
    assert all("wrong username or password" in e for e in errors[:4])
    assert "now locked" in errors[4] and "try again in 1 minute" in errors[4]
    assert "is locked" in errors[5]
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "paralegal password")
    assert "is locked" in store("list", user="paula")[2]  # even with the right password
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN_PASSWORD)
    assert "locked until" in store("user", "list")[1]
    assert store("user", "reset", "paula", "--unlock-only")[0] == 0
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "paralegal password")
    assert store("list", user="paula")[0] == 0


def test_audit_verify_and_a_tampered_trail(store: Cli, data_dir: Path) -> None:
    store("import", *map(str, FILES[:3]))
    code, out, _ = store("audit", "verify")
    assert code == 0 and out.startswith("chain intact: ")
    code, out, _ = store("audit", "list", "--action", "intake.", "--format", "json")
    events = json.loads(out)
    assert [e["action"] for e in events] == ["intake.imported"] * 3
    key, _ = keyring.unlock(data_dir / "clinic.keys.json", "admin", ADMIN_PASSWORD)
    with open_store(path=data_dir / "clinic.db", key=keyring.raw_key(key)) as raw, \
            raw.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_events SET action = 'intake.viewed' WHERE id = ?",
                             (events[1]["id"],))
    code, out, err = store("audit", "verify")
    assert code == 1
    assert f"chain broken at event {events[1]['id']}: edited" in err


def test_settings_are_shown_to_all_and_changed_by_admins(store: Cli,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = store("settings", "set", "idle-lock-minutes", "5")
    assert code == 0 and "idle-lock-minutes: 5" in out and "Clínica Frontera" in out
    monkeypatch.setenv("CLINIC_INTAKE_NEW_PASSWORD", "manager password")
    store("user", "add", "mia", "--role", "manager")
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "manager password")
    assert "idle-lock-minutes: 5" in store("settings", "show", user="mia")[1]
    assert store("settings", "set", "idle-lock-minutes", "60", user="mia")[0] == 1


def test_backup_while_in_use_then_restore_into_a_new_folder(store: Cli, data_dir: Path,
                                                            tmp_path: Path) -> None:
    store("import", *map(str, FILES[:4]))
    key, _ = keyring.unlock(data_dir / "clinic.keys.json", "admin", ADMIN_PASSWORD)
    with open_store(path=data_dir / "clinic.db", key=keyring.raw_key(key)) as busy, \
            busy.engine.connect() as reader:  # someone else has the store open
        reader.exec_driver_sql("SELECT count(*) FROM intakes").scalar()
        code, out, err = store("backup", str(tmp_path / "backup.db"))
    assert code == 0, err
    assert "wrote" in out and (tmp_path / "backup.keys.json").exists()
    assert b"SQLite format 3" not in (tmp_path / "backup.db").read_bytes()[:16]
    restored = tmp_path / "restored"
    code, out, err = store("restore", str(tmp_path / "backup.db"), "--data-dir", str(restored))
    assert code == 0, err
    assert f"--data-dir {restored}" in out
    code, out, _ = cli("--data-dir", str(restored), "--user", "admin", "list")
    assert code == 0 and len(out.strip().splitlines()) == 4
    assert cli("--data-dir", str(restored), "--user", "admin", "audit", "verify")[0] == 0
    code, _, err = store("restore", str(tmp_path / "backup.db"), "--data-dir", str(restored))
    assert code == 1 and "already holds a store" in err


def test_a_damaged_backup_is_not_restored(store: Cli, tmp_path: Path) -> None:
    store("backup", str(tmp_path / "b.db"))
    data = bytearray((tmp_path / "b.db").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "b.db").write_bytes(bytes(data))
    code, _, err = store("restore", str(tmp_path / "b.db"), "--data-dir", str(tmp_path / "r"))
    assert code == 1 and "fails its" in err
    assert not (tmp_path / "r" / "clinic.db").exists()


def test_an_old_unencrypted_store_is_refused_then_encrypted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain_dir = tmp_path / "old"
    with open_store(data_dir=plain_dir) as plain:  # as a store made before this change
        from db.migrate import ensure_schema

        ensure_schema(plain)
    assert store_files_are_plain(plain_dir)
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", ADMIN_PASSWORD)
    code, _, err = cli("--data-dir", str(plain_dir), "--user", "admin", "list")
    assert code == 1 and "not encrypted" in err and "clinic-intake encrypt" in err
    code, out, err = cli("--data-dir", str(plain_dir), "encrypt", "--admin", "admin",
                         "--clinic", "Old Clinic")
    assert code == 0, err
    assert "delete it once the new store works" in out
    assert not store_files_are_plain(plain_dir, name="clinic.db")
    code, out, _ = cli("--data-dir", str(plain_dir), "--user", "admin", "settings", "show")
    assert code == 0 and "Old Clinic" in out


def store_files_are_plain(folder: Path, name: str = "clinic.db") -> bool:
    header = (folder / name).read_bytes()[:16]
    if header != b"SQLite format 3\x00":
        return False
    sqlite3.connect(folder / name).close()
    return True


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
    bad.write_text('{"format": "clinic-intake/1", '
                   '"events": [{"type": "entry", "date": "2025-13"}]}', encoding="utf-8")
    code, _, err = cli("screen", str(bad))
    assert code == 2
    assert "events[0].date" in err


@pytest.mark.parametrize("command", [
    ["import"], ["export"], ["list"], ["screen"], ["gui"], ["init"], ["user", "add"],
    ["user", "passwd"], ["user", "reset"], ["user", "list"], ["user", "role"], ["user", "remove"],
    ["audit", "verify"], ["audit", "list"], ["backup"], ["restore"], ["encrypt"],
    ["settings", "show"], ["settings", "set"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: clinic-intake" in capsys.readouterr().out
