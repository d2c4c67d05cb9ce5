"""`clinic-intake pack ...` and `clinic-intake rescreen` end to end on a real encrypted store:
a publisher signs, a clinic trusts and installs, re-screening prints exactly what changed."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from clinic_app.__main__ import Composition, main
from clinic_app.cli import run
from db import keyring
from forms.rule_pack_loader import default_pack_path

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FILES = sorted(SCENARIOS.glob("s*.json"))
PASSWORD = "correct horse battery"
STB = 'dates[e].first <= d("2025-05-31") && dates[e].last >= d("2024-06-05"))'

Cli = Callable[..., tuple[int, str, str]]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), Composition(), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "DEFAULT_KDF", keyring.KdfParams(1, 1024, 1))
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", PASSWORD)


@pytest.fixture
def store(tmp_path: Path) -> Cli:
    """A store holding the scenario clients; `cli` signed in as the admin."""
    data = tmp_path / "data"
    assert cli("--data-dir", str(data), "init", "--clinic", "Clínica", "--admin", "admin")[0] \
        == 0
    assert cli("--data-dir", str(data), "--user", "admin", "import", *map(str, FILES))[0] == 0

    def as_admin(*argv: str, user: str = "admin") -> tuple[int, str, str]:
        return cli("--data-dir", str(data), "--user", user, *argv)
    return as_admin


@pytest.fixture
def publisher(tmp_path: Path) -> tuple[Path, Path]:
    """(private key, public key) made with `pack keygen` (no store)."""
    code, out, err = cli("pack", "keygen", "--out", str(tmp_path / "keys"))
    assert code == 0, err
    assert "pack-signing.key" in out and "pack trust" in out
    return tmp_path / "keys" / "pack-signing.key", tmp_path / "keys" / "pack-signing.pub"


def new_pack(folder: Path, key: Path, *, version: str = "2026.07.01", end: str = "2025-02-28",
             sign: bool = True) -> Path:
    """The bundled pack with STB-2024's window ending on `end`, signed with `pack sign`."""
    text = default_pack_path().read_text(encoding="utf-8")
    text = text.replace(STB, STB.replace("2025-05-31", end))
    text = text.replace('version: "2026.06.25"', f'version: "{version}"', 1)
    path = folder / f"us-border-asylum-{version}.yaml"
    path.write_text(text, encoding="utf-8")
    if sign:
        code, out, err = cli("pack", "sign", str(path), "--key", str(key))
        assert code == 0, err
        assert out.strip() == f"wrote {path}.sig"
    return path


def test_publish_trust_install_and_rescreen(store: Cli, publisher: tuple[Path, Path],
                                           tmp_path: Path) -> None:
    private, public = publisher
    pack = new_pack(tmp_path, private)
    code, out, _ = cli("pack", "verify", str(pack), "--key", str(public))   # no store needed
    assert code == 0 and "us-border-asylum 2026.07.01, reviewed 2026-07-01" in out

    code, _, err = store("pack", "install", str(pack))
    assert code == 2 and "does not trust" in err
    code, out, _ = store("pack", "trust", str(public), "--label", "Border Pack Publishers")
    assert code == 0 and "trusted key" in out

    code, out, err = store("rescreen", "--pack", str(pack), "--dry-run")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2 and lines[0].endswith("Jorge Antonio Palacios Urbina: -STB-2024")
    assert "would change the flags of 1 client(s)" in lines[1] and "dry run" in lines[1]
    assert "us-border-asylum 2026.06.25 (reviewed 2026-07-01, bundled)" in store("pack",
                                                                                  "list")[1]

    code, out, err = store("rescreen", "--pack", str(pack))
    assert code == 0, err
    assert out.splitlines()[0] == "installed us-border-asylum 2026.07.01"
    assert out.splitlines()[1].endswith("Jorge Antonio Palacios Urbina: -STB-2024")
    assert "changed the flags of 1 client(s)" in out
    listing = store("pack", "list")[1]
    assert "in force: us-border-asylum 2026.07.01" in listing
    assert "Border Pack Publishers" in listing and "(active)" in listing

    code, out, _ = store("rescreen")
    assert code == 0 and "changed the flags of 0 client(s); 0 evaluated" in out
    audit = json.loads(store("audit", "list", "--action", "screening.", "--format", "json")[1])
    assert [e["detail"]["changed_clients"] for e in audit] == [0, 1]


def test_refused_packs_leave_the_pack_in_force(store: Cli, publisher: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    private, public = publisher
    assert store("pack", "trust", str(public), "--label", "Publishers")[0] == 0
    assert store("pack", "install", str(new_pack(tmp_path, private)))[0] == 0
    bad = new_pack(tmp_path, private, version="2026.08.01")
    bad.write_bytes(bad.read_bytes().replace(b"Check the exact date", b"Check the date"))
    code, _, err = store("pack", "install", str(bad))
    assert code == 2 and "changed after it was signed" in err
    unsigned = new_pack(tmp_path, private, version="2026.09.01", sign=False)
    code, _, err = store("rescreen", "--pack", str(unsigned))
    assert code == 2 and "is not signed" in err
    older = new_pack(tmp_path, private, version="2026.06.30")
    code, _, err = store("pack", "install", str(older))
    assert code == 2 and "--allow-downgrade" in err
    assert "in force: us-border-asylum 2026.07.01" in store("pack", "list")[1]
    code, _, err = store("pack", "verify", str(bad))
    assert code == 2 and "refused" in err


def test_a_paralegal_may_neither_install_nor_rescreen(
        store: Cli, publisher: tuple[Path, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_INTAKE_NEW_PASSWORD", "paralegal password")
    assert store("user", "add", "pat", "--role", "paralegal")[0] == 0
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", "paralegal password")
    code, _, err = store("rescreen", user="pat")
    assert code == 1 and "install rule packs" in err
    code, _, err = store("pack", "trust", str(publisher[1]), "--label", "x", user="pat")
    assert code == 1 and "install rule packs" in err


@pytest.mark.parametrize("command", [
    ["rescreen"], ["pack", "keygen"], ["pack", "sign"], ["pack", "verify"], ["pack", "install"],
    ["pack", "trust"], ["pack", "list"]])
def test_every_pack_command_has_help(command: list[str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: clinic-intake" in capsys.readouterr().out
