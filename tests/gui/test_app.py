"""run_gui and application set-up: names, icon, stylesheet, a deterministic locale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from ui import assets
from ui.app import application, configure_application, run_gui
from ui.main_window import MainWindow

from .conftest import SAMPLE_CLIENTS
from .fakes import fake_services


@pytest.fixture
def restore_locale():
    yield
    QLocale.setDefault(QLocale("en_US"))


def test_resources_are_found_next_to_the_package():
    assert assets.resource_path("style.qss").is_file()
    assert "navigationRail" in assets.stylesheet()
    assert not assets.app_icon().isNull()
    assert assets.icon("no-such-icon").isNull()


def test_application_is_reused(qapp):
    assert application() is qapp


def test_configure_sets_names_icon_stylesheet_and_locale(qapp, restore_locale):
    configure_application(qapp, ui_language="es_US", version="9.9")
    assert qapp.applicationName() == "Clinic Intake"
    assert qapp.organizationName() == "Clinic Intake"
    assert qapp.applicationVersion() == "9.9"
    assert not qapp.windowIcon().isNull()
    assert "navigationRail" in qapp.styleSheet()
    assert QLocale().name() == "es_US"
    configure_application(qapp)
    assert QLocale().name() == "en_US"


def test_run_gui_shows_the_main_window_and_returns_the_loop_status(qapp, restore_locale):
    services = fake_services(SAMPLE_CLIENTS)
    seen: list[MainWindow] = []

    def close_when_loaded() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].clients.loading:
            QTimer.singleShot(10, close_when_loaded)
            return
        seen.append(windows[0])
        windows[0].close()
        qapp.quit()  # exactly one quit: a second queued Quit event would stop later waits

    QTimer.singleShot(0, close_when_loaded)
    qapp.setQuitOnLastWindowClosed(False)
    try:
        assert run_gui(services, argv=["clinic-intake"], ui_language="en_US") == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert len(seen) == 1
    assert seen[0].clients.model.rowCount() == len(SAMPLE_CLIENTS)
    assert QLocale().name() == "en_US"
