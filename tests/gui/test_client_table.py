"""ClientTableModel and its search/sort proxy: Qt invariants, display text, accent-free search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont, QIcon

from clinic_app.domain import ClientSummary
from ui import assets
from ui.models.client_table import (
    DTO_ROLE,
    ClientFilterProxy,
    ClientTableModel,
    Column,
    fold_text,
    format_partial_date,
)

from .conftest import SAMPLE_CLIENTS


@pytest.fixture
def model(qapp) -> ClientTableModel:
    m = ClientTableModel(urgent_icon=assets.icon("flag-urgent"))
    m.set_clients(SAMPLE_CLIENTS)
    return m


@pytest.fixture
def proxy(model) -> ClientFilterProxy:
    p = ClientFilterProxy()
    p.setSourceModel(model)
    return p


def names(proxy: ClientFilterProxy) -> list[str]:
    return [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]


@pytest.mark.parametrize(("text", "folded"), [
    ("González", "gonzalez"), ("ÑANDÚ", "nandu"), ("Straße", "strasse"), ("Çağlar", "caglar"),
])
def test_fold_text_drops_accents_and_case(text, folded):
    assert fold_text(text) == folded


def test_model_passes_qt_invariants_empty_and_filled(qtmodeltester):
    m = ClientTableModel()
    qtmodeltester.check(m)
    m.set_clients(SAMPLE_CLIENTS)
    qtmodeltester.check(m)
    m.set_clients([])
    qtmodeltester.check(m)


def test_proxy_passes_qt_invariants_while_filtering_and_sorting(qtmodeltester, proxy):
    qtmodeltester.check(proxy)
    proxy.set_query("gonzalez")
    proxy.sort(Column.LAST_ENTRY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    proxy.set_query("")
    qtmodeltester.check(proxy)


def test_model_shows_one_row_per_client_with_readable_columns(model):
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


def test_dto_role_returns_the_summary_itself(model, proxy):
    assert model.index(2, Column.FLAGS).data(DTO_ROLE) is SAMPLE_CLIENTS[2]
    proxy.set_query("tabe")
    assert proxy.index(0, Column.A_NUMBER).data(DTO_ROLE) is SAMPLE_CLIENTS[2]


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


def test_nationality_tooltip_names_the_country(model):
    assert model.index(0, Column.NATIONALITY).data(Qt.ItemDataRole.ToolTipRole) == "Honduras"


@pytest.mark.parametrize("query", ["gonzalez", "GONZÁLEZ", "gonzález maría", "Gonzalez Perez"])
def test_search_is_accent_and_case_insensitive(proxy, query):
    proxy.set_query(query)
    assert names(proxy) == ["María José González Pérez"]  # and not "Ana Gonzaga Ruiz"


@pytest.mark.parametrize(("query", "expected"), [
    ("123456789", "María José González Pérez"),  # A-number digits, dashes ignored
    ("a-123-456", "María José González Pérez"),
    ("honduras", "María José González Pérez"),   # country name from the code
    ("gt", "Luis Alberto Morán Xicará"),
    ("moran xicara", "Luis Alberto Morán Xicará"),
])
def test_search_matches_a_number_and_nationality(proxy, query, expected):
    proxy.set_query(query)
    assert names(proxy) == [expected]


def test_empty_query_shows_everyone(proxy):
    proxy.set_query("nobody by that name")
    assert proxy.rowCount() == 0
    proxy.set_query("   ")
    assert proxy.rowCount() == len(SAMPLE_CLIENTS)


def test_sorting_uses_meaning_not_display_text(proxy):
    proxy.sort(Column.LAST_ENTRY, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, Column.LAST_ENTRY).data() for r in range(4)] == [
        "", "15 Aug 2019", "Aug 2023", "2025"]
    proxy.sort(Column.FLAGS, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, Column.FLAGS).data() == "5 (2 urgent)"
    assert proxy.index(1, Column.FLAGS).data() == "3 (1 urgent)"
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert names(proxy)[0] == "Ana Gonzaga Ruiz"


def test_row_of_finds_clients_by_id(model):
    assert model.row_of("c3") == 2
    assert model.row_of("missing") == -1


def test_partial_dates_follow_the_ui_locale():
    assert format_partial_date("2019-08-15", QLocale("es_US")) == "15 ago 2019"
    assert format_partial_date("not a date", QLocale("en_US")) == "not a date"
    assert format_partial_date(None, QLocale("en_US")) == ""


def test_a_client_without_a_name_still_reads(model):
    model.set_clients([ClientSummary("x", "(no name recorded)", (), None, 0)])
    assert model.index(0, Column.NAME).data() == "(no name recorded)"
    assert model.index(0, Column.NATIONALITY).data(Qt.ItemDataRole.ToolTipRole) is None
