"""ClientTableModel: a lazy model over the search service — Qt invariants, pages, display text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont, QIcon

from clinic_app.domain import ClientSummary
from clinic_app.search import ClientQuery, ClientSort
from ui import assets
from ui.models.client_table import (
    CLOSE_MATCH_ROLE,
    DTO_ROLE,
    MAX_CACHED_PAGES,
    ClientTableModel,
    Column,
    format_partial_date,
)
from ui.workers import TaskRunner

from .conftest import SAMPLE_CLIENTS
from .fakes import FakeClientQueries


def many_clients(count: int) -> list[ClientSummary]:
    return [ClientSummary(f"id-{n:05d}", f"Cliente {n:05d} Pérez", ("HN",), "2024-03", n % 3,
                          1 if n % 7 == 0 else 0) for n in range(count)]


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown()


def answered(qtbot, model: ClientTableModel, query: ClientQuery | None = None) -> None:
    with qtbot.waitSignal(model.answered):
        model.set_query(query or ClientQuery())


@pytest.fixture
def model(qtbot, runner) -> ClientTableModel:
    m = ClientTableModel(FakeClientQueries(SAMPLE_CLIENTS), runner,
                         urgent_icon=assets.icon("flag-urgent"))
    answered(qtbot, m)
    return m


def test_model_passes_qt_invariants_empty_loading_and_filled(qtmodeltester, qtbot, runner):
    queries = FakeClientQueries()
    m = ClientTableModel(queries, runner)
    qtmodeltester.check(m)
    answered(qtbot, m)
    qtmodeltester.check(m)
    queries.clients = many_clients(1_000)
    answered(qtbot, m)
    qtmodeltester.check(m)  # touches rows whose pages are not here yet
    qtbot.waitUntil(lambda: not m._pending)
    qtmodeltester.check(m)
    answered(qtbot, m, ClientQuery(text="no such person"))
    qtmodeltester.check(m)


def test_rows_show_readable_columns(model):
    assert model.rowCount() == len(SAMPLE_CLIENTS)
    assert model.columnCount() == 5
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Nationality", "A-number", "Last entry", "Flags"]
    row = [model.index(0, c).data() for c in range(5)]
    assert row == [
        "María José González Pérez", "HN", "A-123-456-789", "15 Aug 2019", "3 (1 urgent)"]
    assert model.index(1, Column.LAST_ENTRY).data() == "Aug 2023"  # month precision kept
    assert model.index(3, Column.NATIONALITY).data() == "MX, US"
    assert model.index(3, Column.LAST_ENTRY).data() == "2025"
    assert model.index(2, Column.LAST_ENTRY).data() == ""
    assert model.index(1, Column.FLAGS).data() == "2"
    assert model.index(2, Column.FLAGS).data(DTO_ROLE) is SAMPLE_CLIENTS[2]


def test_urgent_flags_are_marked_by_text_icon_and_weight_not_colour_alone(model):
    urgent = model.index(0, Column.FLAGS)
    assert "urgent" in urgent.data()
    icon = urgent.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    font = urgent.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    calm = model.index(1, Column.FLAGS)
    assert calm.data(Qt.ItemDataRole.DecorationRole) is None
    assert "attorney to review" in urgent.data(Qt.ItemDataRole.ToolTipRole)


def test_close_matches_are_italic_and_say_why(qtbot, model):
    answered(qtbot, model, ClientQuery(text="gonzales"))  # González is one letter away
    assert model.total == 1 and model.exact == 0
    name = model.index(0, Column.NAME)
    assert name.data(CLOSE_MATCH_ROLE) is True
    font = name.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert "one letter away" in name.data(Qt.ItemDataRole.ToolTipRole)
    answered(qtbot, model, ClientQuery(text="gonzalez"))
    assert model.index(0, Column.NAME).data(CLOSE_MATCH_ROLE) is False


def test_nationality_tooltip_names_the_country(model):
    assert model.index(0, Column.NATIONALITY).data(Qt.ItemDataRole.ToolTipRole) == "Honduras"


def test_only_the_pages_drawn_are_fetched(qtbot, runner):
    """10,000 clients: the model asks for one page at a time, never for the whole list."""
    queries = FakeClientQueries(many_clients(10_000))
    m = ClientTableModel(queries, runner, page_size=100)
    answered(qtbot, m)
    assert m.rowCount() == 10_000 and m.cached_rows() == 100
    assert m.index(5_050, Column.NAME).data() == "…"  # not here yet: asked for, not awaited
    qtbot.waitUntil(lambda: m.client_at(5_050) is not None)
    assert m.index(5_050, Column.NAME).data() == "Cliente 05050 Pérez"
    assert m.cached_rows() == 200
    assert all(q.limit <= 100 for q in queries.queries)
    assert [q.offset for q in queries.queries] == [0, 5_000]


def test_memory_stays_bounded_while_scrolling_far(qtbot, runner):
    queries = FakeClientQueries(many_clients(10_000))
    m = ClientTableModel(queries, runner, page_size=50)
    answered(qtbot, m)
    for row in range(0, 10_000, 250):  # 40 pages, more than the cache keeps
        m.index(row, 0).data()
        qtbot.waitUntil(lambda r=row: m.client_at(r) is not None)
    assert m.cached_rows() <= MAX_CACHED_PAGES * 50
    assert max(q.limit for q in queries.queries) == 50


def test_a_late_answer_to_an_older_query_is_dropped(qtbot, runner):
    queries = FakeClientQueries(SAMPLE_CLIENTS)
    m = ClientTableModel(queries, runner)
    queries.hold("gonz")
    m.set_query(ClientQuery(text="gonz"))  # the store is slow to answer this one
    with qtbot.waitSignal(m.answered) as newest:
        m.set_query(ClientQuery(text="tabe"))
        queries.release("gonz")
    assert newest.args[0].query.text == "tabe"
    assert [m.index(r, 0).data() for r in range(m.rowCount())] == ["Emmanuel Ndip Tabe"]


def test_sorting_is_asked_of_the_store(qtbot, model):
    with qtbot.waitSignal(model.answered):
        model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert model.query.sort is ClientSort.NAME and not model.query.descending
    assert model.index(0, Column.NAME).data() == "Ana Gonzaga Ruiz"
    with qtbot.waitSignal(model.answered):
        model.sort(Column.FLAGS, Qt.SortOrder.DescendingOrder)
    assert model.index(0, Column.FLAGS).data() == "5 (2 urgent)"
    model.sort(Column.NATIONALITY, Qt.SortOrder.AscendingOrder)  # no index for it: ignored
    unchanged = model.query
    assert unchanged.sort is ClientSort.FLAGS and not model.loading


def test_row_of_finds_fetched_clients_by_id(model):
    assert model.row_of("c3") == 2
    assert model.row_of("missing") == -1


def test_partial_dates_follow_the_ui_locale():
    assert format_partial_date("2019-08-15", QLocale("es_US")) == "15 ago 2019"
    assert format_partial_date("not a date", QLocale("en_US")) == "not a date"
    assert format_partial_date(None, QLocale("en_US")) == ""


def test_a_failed_fetch_is_reported_once(qtbot, runner):
    queries = FakeClientQueries(SAMPLE_CLIENTS)
    queries.error = OSError("disk gone")
    m = ClientTableModel(queries, runner)
    with qtbot.waitSignal(m.failed) as failed:
        m.set_query(ClientQuery())
    assert "disk gone" in failed.args[0]
    assert not m.loading
