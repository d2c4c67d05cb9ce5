"""MainWindow with fake services: the list, search, import via the menu, errors, status bar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from clinic_app.domain import ClientSummary
from clinic_app.errors import StoreError
from ui.main_window import MainWindow
from ui.models.client_table import Column

from .conftest import SAMPLE_CLIENTS
from .fakes import FakeClientQueries, fake_services
from .keys import type_text

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"


def shown_names(window: MainWindow) -> list[str]:
    model = window.clients.model
    return [model.index(r, Column.NAME).data() for r in range(model.rowCount())]


def search_for(window: MainWindow, qtbot, text: str) -> None:
    """Put `text` in the search box and wait for the store's answer (after the typing pause)."""
    with qtbot.waitSignal(window.clients.clients_loaded):
        window.clients.view.search.setText(text)


def test_client_list_shows_what_the_service_returns(window):
    model = window.clients.model
    assert model.rowCount() == len(SAMPLE_CLIENTS)
    assert shown_names(window) == [c.display_name for c in SAMPLE_CLIENTS]
    view = window.clients.view
    assert view.stack.currentWidget() is view.table
    assert view.count_label.text() == "4 clients"


def test_empty_store_explains_how_to_add_clients(qtbot):
    win = MainWindow(fake_services())
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.clients.clients_loaded):
        pass
    view = win.clients.view
    assert view.stack.currentWidget() is view.empty_state
    assert view.empty_state.text().startswith("No clients yet — File ▸ Import intake files…")


def test_search_box_filters_accent_insensitively(window, qtbot):
    search_for(window, qtbot, "gonzalez")
    assert shown_names(window) == ["María José González Pérez"]
    assert window.clients.view.count_label.text() == "1 of 4 clients"


def test_typed_accented_search_filters_too(window, qtbot):
    search = window.clients.view.search
    with qtbot.waitSignal(window.clients.clients_loaded):
        type_text(search, "GONZÁLEZ")  # real key events, never keyClicks with non-ASCII
    assert search.text() == "GONZÁLEZ"
    assert shown_names(window) == ["María José González Pérez"]
    with qtbot.waitSignal(window.clients.clients_loaded):
        qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert len(shown_names(window)) == len(SAMPLE_CLIENTS)


def test_no_match_says_so_instead_of_a_blank_table(window, qtbot):
    view = window.clients.view
    search_for(window, qtbot, "zzz")
    assert view.stack.currentWidget() is view.empty_state
    assert "No clients match “zzz”" in view.empty_state.text()


def test_find_shortcut_focuses_the_search_box(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.clients.view.table.setFocus()
    window.find_action.trigger()
    # focusWidget(), not hasFocus(): under Xvfb without a window manager nothing is "active".
    assert window.focusWidget() is window.clients.view.search
    assert window.find_action.shortcut().toString() == "Ctrl+F"


def test_enter_in_search_moves_into_the_results(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    view = window.clients.view
    view.search.setFocus()
    search_for(window, qtbot, "tabe")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert window.focusWidget() is view.table
    selected = view.selected_client()
    assert selected is not None and selected.client_id == "c3"


def test_import_from_the_menu_refreshes_the_list_and_lists_failures(window, qtbot, monkeypatch,
                                                                    tmp_path):
    good = tmp_path / "s01-ana-honduras.json"
    shutil.copy(SCENARIOS / "s01-ana-honduras.json", good)
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    asked: list[str] = []

    def pick(parent, caption, directory, filters):
        asked.append(filters)
        return [str(good), str(bad)], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(pick))
    flow = window.import_flow
    with qtbot.waitSignal(flow.import_finished) as finished:
        window.import_action.trigger()
    report = finished.args[0]
    assert [p for p, _ in report.imported] == [good]
    assert asked and "*.json" in asked[0]

    qtbot.waitUntil(lambda: window.clients.model.rowCount() == len(SAMPLE_CLIENTS) + 1)
    assert "Ana Lucía Rosales Ferrera" in shown_names(window)
    dialog = flow.results_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.report_text()
    assert "1 file imported" in text and "1 file not imported" in text
    assert str(bad) in text
    assert "format: must be 'clinic-intake/1'" in text
    assert str(good) not in text
    assert window.import_action.isEnabled()
    dialog.close()


def test_cancelled_file_dialog_imports_nothing(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([], "")))
    window.import_action.trigger()
    assert window.import_flow.results_dialog is None
    assert not window.import_flow.busy


def test_refresh_picks_up_new_clients_and_keeps_the_selection(window, services, qtbot):
    view = window.clients.view
    assert view.select_client("c2")
    queries = services.clients
    assert isinstance(queries, FakeClientQueries)
    queries.add(ClientSummary("c9", "Pavel Drozd", ("BY",), "2025-02-10", 0))
    with qtbot.waitSignal(window.clients.clients_loaded):
        window.refresh_action.trigger()
    assert window.clients.model.rowCount() == len(SAMPLE_CLIENTS) + 1
    selected = view.selected_client()
    assert selected is not None and selected.client_id == "c2"
    assert window.refresh_action.shortcut().toString() == "F5"


def test_a_store_failure_is_shown_in_plain_words(window, services, qtbot):
    queries = services.clients
    assert isinstance(queries, FakeClientQueries)
    queries.error = StoreError("The store /tmp/clinic-test/clinic.db is locked by another program.")
    with qtbot.waitSignal(window.clients.load_failed):
        window.refresh()
    text = window.clients.view.empty_state.text()
    assert "is locked by another program" in text
    assert "F5" in text
    assert "Traceback" not in text


def test_status_bar_names_the_store_and_rule_pack(window):
    assert window.store_label.text() == "Local file (SQLite): /tmp/clinic-test/clinic.db"
    assert window.rule_pack_label.text() == "Rule pack us-border-asylum 2026.06.25"
    labels = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert "Rule pack us-border-asylum 2026.06.25" in labels


def test_menus_hold_only_working_actions(window):
    menus = {m.title(): [a.text() for a in m.actions() if not a.isSeparator()]
             for m in (window.file_menu, window.clients_menu, window.help_menu)}
    assert menus == {
        "&File": ["&Import intake files…", "&Settings…", "&Quit"],
        "&Clients": ["&Find…", "&Refresh"],
        "&Help": ["&About Clinic Intake"],
    }
    for menu in (window.file_menu, window.clients_menu, window.help_menu):
        assert all(a.isEnabled() for a in menu.actions())
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_about_opens_from_the_help_menu(window, qtbot):
    window.about_action.trigger()
    dialog = window.about_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "Version 0.1.0-test" in dialog.text()
    dialog.close()


def test_navigation_rail_takes_more_pages(window, qtbot):
    assert [window.rail.item(i).text() for i in range(window.rail.count())] == ["Clients"]
    review = QLabel("Review queue")
    window.add_page("review", "Review", review)
    window.show_page("review")
    assert window.pages.currentWidget() is review
    assert window.current_page_id() == "review"
    window.find_action.trigger()  # Find always returns to the client list
    assert window.current_page_id() == "clients"


def test_quit_closes_the_window(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.quit_action.trigger()
    assert not window.isVisible()
