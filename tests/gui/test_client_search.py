"""The Clients page over a fake search service: typing, the pause, stale answers, filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clinic_app.domain import ClientSummary
from clinic_app.search import ClientSort
from ui.clients.controller import ClientList
from ui.models.client_table import Column
from ui.workers import TaskRunner

from .conftest import SAMPLE_CLIENTS
from .fakes import FakeClientQueries
from .keys import type_text


@pytest.fixture
def queries() -> FakeClientQueries:
    fake = FakeClientQueries(SAMPLE_CLIENTS)
    fake.unreviewed = {"c1", "c2"}
    fake.due_in = {"c2": 20, "c3": 60, "c4": -5}  # c4's deadline has passed
    return fake


@pytest.fixture
def page(qtbot, queries):
    runner = TaskRunner()
    clients = ClientList(queries, runner)
    qtbot.addWidget(clients.view)
    with qtbot.waitSignal(clients.clients_loaded):
        clients.refresh()
    yield clients
    runner.shutdown()


def names(clients: ClientList) -> list[str]:
    model = clients.model
    return [model.index(r, Column.NAME).data() for r in range(model.rowCount())]


def texts(queries: FakeClientQueries) -> list[str]:
    return [q.text for q in queries.queries]


def test_typing_asks_once_after_a_pause_and_folds_accents(qtbot, page, queries):
    asked = len(queries.queries)
    with qtbot.waitSignal(page.clients_loaded):
        type_text(page.view.search, "gonzález")  # one key at a time, non-ASCII safely
    assert texts(queries)[asked:] == ["gonzález"]  # not one query per key
    assert names(page) == ["María José González Pérez"]
    assert page.view.count_label.text() == "1 of 4 clients"


def test_a_typo_still_finds_the_client_and_says_so(qtbot, page):
    with qtbot.waitSignal(page.clients_loaded):
        page.view.search.setText("Gonzales")
    assert names(page) == ["María José González Pérez"]
    assert page.view.match_note.isVisibleTo(page.view)
    assert "similar names" in page.view.match_note.text()


def test_an_a_number_is_found_with_dashes_or_without(qtbot, page):
    for typed in ("A123456789", "123-456", "a 123 456 789"):
        with qtbot.waitSignal(page.clients_loaded):
            page.view.search.setText(typed)
        assert names(page) == ["María José González Pérez"], typed


def test_a_slow_answer_never_replaces_a_newer_one(qtbot, page, queries):
    queries.hold("mar")
    with qtbot.waitSignal(page.clients_loaded, raising=False, timeout=0):
        page.view.search.setText("mar")
        page.search_now()  # "mar" is being searched while the user keeps typing
    with qtbot.waitSignal(page.clients_loaded) as loaded:
        page.view.search.setText("tabe")
        page.search_now()
        queries.release("mar")
    assert loaded.args == [1]
    assert names(page) == ["Emmanuel Ndip Tabe"]


def test_filter_chips_are_evaluated_by_the_service(qtbot, page, queries):
    view = page.view
    with qtbot.waitSignal(page.clients_loaded):
        view.urgent_chip.click()
    assert queries.queries[-1].urgent
    assert names(page) == ["María José González Pérez", "Ana Gonzaga Ruiz"]
    with qtbot.waitSignal(page.clients_loaded):
        view.unreviewed_chip.click()
    assert names(page) == ["María José González Pérez"]
    with qtbot.waitSignal(page.clients_loaded):
        view.urgent_chip.click()
        view.unreviewed_chip.click()
    assert len(names(page)) == 4


def test_the_deadline_filter_uses_the_chosen_horizon(qtbot, page, queries):
    view = page.view
    with qtbot.waitSignal(page.clients_loaded):
        view.deadline_chip.click()
    assert queries.queries[-1].deadline_days == 30
    assert names(page) == ["Luis Alberto Morán Xicará", "Ana Gonzaga Ruiz"]  # overdue too
    with qtbot.waitSignal(page.clients_loaded):
        view.deadline_days.setCurrentIndex(view.deadline_days.findData(90))
    assert queries.queries[-1].deadline_days == 90
    assert len(names(page)) == 3
    asked = len(queries.queries)
    view.deadline_chip.click()
    qtbot.waitUntil(lambda: not page.loading)
    view.deadline_days.setCurrentIndex(view.deadline_days.findData(7))  # filter off: no query
    assert len(queries.queries) == asked + 1


def test_filter_chips_take_the_keyboard(qtbot, page):
    view = page.view
    view.show()
    qtbot.waitExposed(view)
    for chip in (view.urgent_chip, view.unreviewed_chip, view.deadline_chip):
        assert chip.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert chip.accessibleName() and "&" in chip.text()  # Alt+letter
    view.urgent_chip.setFocus()
    with qtbot.waitSignal(page.clients_loaded):
        qtbot.keyClick(view.urgent_chip, Qt.Key.Key_Space)
    assert view.urgent_chip.isChecked()


def test_each_empty_answer_says_why(qtbot, page, queries):
    view = page.view
    with qtbot.waitSignal(page.clients_loaded):
        view.search.setText("xyz")
    assert view.stack.currentWidget() is view.empty_state
    assert "No clients match “xyz”" in view.empty_state.text()
    assert "Esc" in view.empty_state.text()
    with qtbot.waitSignal(page.clients_loaded):
        view.search.setText("tabe")
        view.urgent_chip.click()
    assert "No clients match “tabe” with an urgent flag" in view.empty_state.text()
    queries.clients = [c for c in SAMPLE_CLIENTS if not c.urgent_count]
    with qtbot.waitSignal(page.clients_loaded):
        view.search.clear()
        page.search_now()
    assert view.empty_state.text().startswith("No clients with an urgent flag.")
    assert "Turn a filter off" in view.empty_state.text()
    queries.clients = []
    with qtbot.waitSignal(page.clients_loaded):
        view.urgent_chip.click()
    assert view.empty_state.text().startswith("No clients yet")


def test_enter_opens_the_selected_client(qtbot, page):
    view = page.view
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(page.clients_loaded):
        view.search.setText("morán")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # into the results
    assert view.table.hasFocus() or view.focusWidget() is view.table
    with qtbot.waitSignal(view.client_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    client = opened.args[0]
    assert isinstance(client, ClientSummary) and client.client_id == "c2"


def test_clicking_a_header_sorts_in_the_store(qtbot, page, queries):
    header = page.view.table.horizontalHeader()
    with qtbot.waitSignal(page.clients_loaded):
        header.sectionClicked.emit(Column.NAME)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert queries.queries[-1].sort is ClientSort.NAME
    assert names(page)[0] == "Ana Gonzaga Ruiz"


def test_refresh_keeps_the_selected_client(qtbot, page, queries):
    assert page.view.select_client("c3")
    queries.add(ClientSummary("c9", "Pavel Drozd", ("BY",), "2025-02-10", 0))
    with qtbot.waitSignal(page.clients_loaded):
        page.refresh()
    assert page.model.rowCount() == 5
    selected = page.view.selected_client()
    assert selected is not None and selected.client_id == "c3"
