"""The UI language: Spanish and back while the window is open, nothing typed is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from ui import assets
from ui.i18n import apply_language, current_language, supported_language
from ui.main_window import MainWindow
from ui.models.client_table import Column
from ui.prefs import UiPrefs

from .keys import type_text


@pytest.fixture
def prefs(tmp_path: Path) -> UiPrefs:
    return UiPrefs(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def english(qapp) -> Iterator[None]:
    yield
    apply_language(qapp, "en_US")  # other tests read English


@pytest.fixture
def win(qtbot, services, prefs, english) -> Iterator[MainWindow]:
    window = MainWindow(services, prefs=prefs)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.clients.loading)
    yield window
    window.close()


def menu_titles(window: MainWindow) -> list[str]:
    return [window.file_menu.title(), window.clients_menu.title(), window.help_menu.title()]


def test_the_spanish_translation_ships_where_the_app_finds_it():
    qm = assets.translation_file("es_US")
    assert qm is not None and qm.name == "clinic_intake_es.qm"
    assert qm.is_relative_to(assets.RESOURCES)  # package data: the wheel carries it


def test_switching_language_retranslates_the_open_window_and_keeps_typed_text(qtbot, win,
                                                                             prefs):
    search = win.clients.view.search
    with qtbot.waitSignal(win.clients.clients_loaded):
        type_text(search, "María Gonz")  # typed, not yet finished
    assert menu_titles(win) == ["&File", "&Clients", "&Help"]

    win.set_language("es_US")
    qtbot.waitUntil(lambda: win.file_menu.title() == "&Archivo")
    assert menu_titles(win) == ["&Archivo", "&Clientes", "A&yuda"]
    assert win.find_action.text() == "&Buscar…"
    assert win.settings_action.text() == "&Configuración…"
    assert win.rail.item(0).text() == "Clientes"
    assert win.clients.view.search.placeholderText().startswith("Buscar por nombre")
    header = win.clients.model.headerData(Column.NAME, Qt.Orientation.Horizontal)
    assert header == "Nombre"
    assert search.text() == "María Gonz"  # nothing typed is lost
    assert win.clients.model.rowCount() == 1  # nor the answer shown
    assert prefs.language() == "es_US" and QLocale().name() == "es_US"

    win.set_language("en_US")
    qtbot.waitUntil(lambda: win.file_menu.title() == "&File")
    assert win.rail.item(0).text() == "Clients"
    assert search.text() == "María Gonz"
    assert prefs.language() == "en_US"


def test_dates_follow_the_language(qtbot, win):
    model = win.clients.model
    assert model.index(0, Column.LAST_ENTRY).data() == "15 Aug 2019"
    win.set_language("es_US")
    qtbot.waitUntil(lambda: model.index(0, Column.LAST_ENTRY).data() == "15 ago 2019")


def test_settings_dialog_applies_the_chosen_language(qtbot, win, prefs):
    win.settings_action.trigger()
    dialog = win.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.language.currentText() == "English"
    dialog.language.setCurrentIndex(dialog.language.findData("es_US"))
    assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == \
        ["English", "Español"]  # each language named in itself
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: win.file_menu.title() == "&Archivo")
    assert prefs.language() == "es_US" and current_language() == "es_US"
    win.settings_action.trigger()
    again = win.settings_dialog
    assert again is not None
    qtbot.waitUntil(again.isVisible)
    assert again.windowTitle() == "Configuración"
    assert again.language.currentText() == "Español"
    again.reject()  # Esc/Cancel changes nothing
    assert prefs.language() == "es_US"


def test_qt_own_words_are_translated_too(qtbot, win):
    win.set_language("es_US")
    qtbot.waitUntil(lambda: win.file_menu.title() == "&Archivo")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancelar"


def test_unknown_languages_fall_back_to_a_supported_one():
    assert supported_language("es_MX") == "es_US"
    assert supported_language("es") == "es_US"
    assert supported_language("fr_FR") == "en_US"
    assert supported_language("") == "en_US"


def test_the_saved_language_is_read_back_as_a_supported_one(tmp_path):
    path = str(tmp_path / "prefs.ini")
    UiPrefs(QSettings(path, QSettings.Format.IniFormat)).set_language("es_MX")
    again = UiPrefs(QSettings(path, QSettings.Format.IniFormat))  # as after a restart
    assert again.language() == "es_US"
