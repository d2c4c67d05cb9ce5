"""`clinic-intake search` on a real encrypted store gives what the GUI's search service gives."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clinic_app.__main__ import Composition
from clinic_app.cli import build_parser, run
from clinic_app.search import ClientQuery
from clinic_app.security import Credentials
from clinic_app.services import AppServices
from db import keyring
from ui.models.client_table import PAGE_SIZE

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FILES = sorted(SCENARIOS.glob("s*.json"))
PASSWORD = "correct horse battery"

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One store holding the scenario clients, for every test here (cheap Argon2id)."""
    folder = tmp_path_factory.mktemp("search") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyring, "DEFAULT_KDF", keyring.KdfParams(1, 1024, 1))
        patch.setenv("CLINIC_INTAKE_PASSWORD", PASSWORD)
        assert cli("--data-dir", str(folder), "init", "--clinic", "Clínica", "--admin",
                   "admin")[0] == 0
        code, _, err = cli("--data-dir", str(folder), "--user", "admin", "import",
                           *map(str, FILES))
        assert code == 0, err
        yield folder


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_INTAKE_PASSWORD", PASSWORD)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), Composition(), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def search(data_dir: Path, *argv: str) -> dict[str, object]:
    code, out, err = cli("--data-dir", str(data_dir), "--user", "admin", "search",
                         "--format", "json", "--limit", str(PAGE_SIZE), *argv)
    assert code in (0, 1), err
    answer: dict[str, object] = json.loads(out)
    return answer


def ids(answer: dict[str, object]) -> list[str]:
    clients = answer["clients"]
    assert isinstance(clients, list)
    return [c["id"] for c in clients]


@pytest.fixture
def gui_services(data_dir: Path) -> Iterator[AppServices]:
    """What the GUI gets after signing in: the same composition, through the sign-in gate."""
    composition = Composition()
    args = build_parser().parse_args(["--data-dir", str(data_dir), "gui"])
    services = composition.gate(args).sign_in(Credentials("admin", PASSWORD))
    yield services
    composition.close()


QUERIES = ["Zelaya", "zelaya pedro", "pedro zelaya", "Nolasco", "morán", "Moran Xicara",
           "guerero", "A000000008", "A-000-000-014", "000000014", "a 000", "Павел", "pavel",
           "tenzin", "rosales ferrera ana", "xyz", ""]


@pytest.mark.parametrize("text", QUERIES)
def test_the_cli_finds_what_the_gui_finds(data_dir, gui_services, text):
    gui = gui_services.clients.search_clients(ClientQuery(text=text, limit=PAGE_SIZE))
    answer = search(data_dir, *text.split())
    assert ids(answer) == [row.client_id for row in gui.rows]
    assert answer["total"] == gui.total and answer["exact"] == gui.exact


def test_names_accents_typos_and_a_numbers(data_dir):
    def names(*argv: str) -> list[str]:
        clients = search(data_dir, *argv)["clients"]
        assert isinstance(clients, list)
        return [c["name"] for c in clients]

    assert names("zelaya", "pedro") == ["Pedro José Nolasco Zelaya"]
    assert names("Moran") == ["Luis Alberto Morán Xicará"]  # no accent typed
    assert names("Guerero") == ["Sofía Valentina Guerrero Blanco"]  # a letter missing
    assert names("A-000-000-008") == ["Mehmet Ali Korkmaz"]
    assert names("pavel") == names("Павел") == ["Pavel Drozd"]


def test_text_output_and_exit_status(data_dir):
    code, out, err = cli("--data-dir", str(data_dir), "--user", "admin", "search", "guerero")
    assert code == 0
    assert "Sofía Valentina Guerrero Blanco" in out and "(similar spelling)" in out
    assert "1 of 1 matching clients (12 in the store)" in err
    code, out, _ = cli("--data-dir", str(data_dir), "--user", "admin", "search", "nobody")
    assert (code, out) == (1, "")


def test_filters_on_the_command_line(data_dir):
    urgent = search(data_dir, "--urgent")
    assert 0 < len(ids(urgent)) < len(FILES)
    clients = urgent["clients"]
    assert isinstance(clients, list) and all(c["urgent"] > 0 for c in clients)


def test_search_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["search", "--help"])
    assert exc.value.code == 0
    assert "A-number" in capsys.readouterr().out


def test_limit_is_checked() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search", "x", "--limit", "0"])
    assert isinstance(build_parser().parse_args(["search", "x"]), argparse.Namespace)
