"""GUI fixtures: fake services with a handful of clients, and a main window that has loaded them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.domain import ClientSummary
from clinic_app.services import AppServices
from ui.main_window import MainWindow

from .fakes import fake_services

SAMPLE_CLIENTS = (
    ClientSummary("c1", "María José González Pérez", ("HN",), "2019-08-15", 3, 1, "A-123-456-789"),
    ClientSummary("c2", "Luis Alberto Morán Xicará", ("GT",), "2023-08", 2, 0),
    ClientSummary("c3", "Emmanuel Ndip Tabe", ("CM",), None, 0, 0),
    ClientSummary("c4", "Ana Gonzaga Ruiz", ("MX", "US"), "2025", 5, 2, "A000000008"),
)


HERE = Path(__file__).resolve().parent

# The offscreen platform says this for every top-level window it shows; it is harmless
# (stack-and-security.md 4). Better as `qt_log_ignore` in pyproject; kept here until then.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def services() -> AppServices:
    return fake_services(SAMPLE_CLIENTS)


@pytest.fixture
def window(qtbot, services) -> Iterator[MainWindow]:
    win = MainWindow(services)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: not win.clients.loading)
    yield win
    win.close()
