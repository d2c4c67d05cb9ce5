"""The client list as a Qt table model over `ClientSummary` DTOs, and its search/sort proxy."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from enum import IntEnum
from functools import lru_cache

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon

from clinic_app.dates import DateSyntaxError, Precision, parse_partial_date
from clinic_app.domain import ClientSummary

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the row's `ClientSummary`; survives any proxy, so views never index the source list."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""A plain str/int key per column, so sorting is by meaning (dates, urgency), not display text."""

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    NATIONALITY = 1
    A_NUMBER = 2
    LAST_ENTRY = 3
    FLAGS = 4


@lru_cache(maxsize=4096)
def fold_text(text: str) -> str:
    """Accent- and case-insensitive form for matching: "González" -> "gonzalez" (NFKD, no marks)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_names(codes: Sequence[str]) -> str:
    """English (or UI-locale) country names for ISO alpha-2 codes, from Qt's own tables."""
    names = []
    for code in codes:
        territory = QLocale.codeToTerritory(code)
        known = territory != QLocale.Country.AnyCountry
        names.append(QLocale.territoryToString(territory) if known else code)
    return ", ".join(names)


def format_partial_date(text: str | None, locale: QLocale) -> str:
    """A stored date at its own precision: "15 Aug 2019", "Mar 2020" or "2020"."""
    if not text:
        return ""
    try:
        partial = parse_partial_date(text)
    except DateSyntaxError:
        return text
    day = QDate(partial.first.year, partial.first.month, partial.first.day)
    if partial.precision is Precision.DAY:
        return locale.toString(day, "d MMM yyyy")
    if partial.precision is Precision.MONTH:
        return locale.toString(day, "MMM yyyy")
    return str(partial.first.year)


class ClientTableModel(QAbstractTableModel):
    """Read-only rows of `ClientSummary`; replaced wholesale by `set_clients` after each load."""

    def __init__(self, parent: QObject | None = None, *, urgent_icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self._clients: list[ClientSummary] = []
        self._urgent_icon = urgent_icon or QIcon()
        self._locale = QLocale()

    # -- our API -------------------------------------------------------------------------------

    def set_clients(self, clients: Sequence[ClientSummary]) -> None:
        self.beginResetModel()
        self._clients = list(clients)
        self._locale = QLocale()  # the UI language may have changed since construction
        self.endResetModel()

    def clients(self) -> list[ClientSummary]:
        return list(self._clients)

    def row_of(self, client_id: str) -> int:
        """Row of a client by id, or -1 (used to keep the selection across a refresh)."""
        for row, client in enumerate(self._clients):
            if client.client_id == client_id:
                return row
        return -1

    def flags_text(self, client: ClientSummary) -> str:
        if client.urgent_count:
            return self.tr("{count} ({urgent} urgent)").format(
                count=client.flag_count, urgent=client.urgent_count)
        return str(client.flag_count)

    # -- Qt overrides --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._clients)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.FLAGS:
            return self.tr("Policy flags that may apply — attorney to review")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._clients):
            return None
        client = self._clients[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(client, column)
        if role == DTO_ROLE:
            return client
        if role == SORT_ROLE:
            return self._sort_key(client, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(client, column)
        if column == Column.FLAGS and client.urgent_count:
            if role == Qt.ItemDataRole.DecorationRole:
                return self._urgent_icon
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(client, column) or self.tr("not recorded")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    # -- helpers -------------------------------------------------------------------------------

    def _headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Nationality"), self.tr("A-number"),
                self.tr("Last entry"), self.tr("Flags"))

    def _display(self, client: ClientSummary, column: Column) -> str:
        if column == Column.NAME:
            return client.display_name
        if column == Column.NATIONALITY:
            return ", ".join(client.nationalities)
        if column == Column.A_NUMBER:
            return client.a_number or ""
        if column == Column.LAST_ENTRY:
            return format_partial_date(client.last_entry, self._locale)
        return self.flags_text(client)

    def _sort_key(self, client: ClientSummary, column: Column) -> str | int:
        if column == Column.NAME:
            return fold_text(client.display_name)
        if column == Column.NATIONALITY:
            return ", ".join(client.nationalities)
        if column == Column.A_NUMBER:
            return client.a_number or ""
        if column == Column.LAST_ENTRY:
            return client.last_entry or ""  # partial ISO dates sort correctly as text
        return client.urgent_count * 100_000 + client.flag_count  # urgent first, then how many

    def _tooltip(self, client: ClientSummary, column: Column) -> str | None:
        if column == Column.NATIONALITY and client.nationalities:
            return country_names(client.nationalities)
        if column == Column.LAST_ENTRY and not client.last_entry:
            return self.tr("No entry to the U.S. recorded")
        if column == Column.FLAGS:
            if not client.flag_count:
                return self.tr("No policy flags raised")
            text = (self.tr("1 flag may apply — attorney to review") if client.flag_count == 1
                    else self.tr("{count} flags may apply — attorney to review").format(
                        count=client.flag_count))
            if client.urgent_count:
                text += "\n" + self.tr("{urgent} urgent: act now").format(
                    urgent=client.urgent_count)
            return text
        return None


class ClientFilterProxy(QSortFilterProxyModel):
    """Search-as-you-type over name, A-number and nationality; accents and case never matter.

    Every word typed must appear somewhere in the row, so "gonzalez maria" finds
    "María José González Pérez".
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def query(self) -> str:
        return " ".join(self._terms)

    def set_query(self, text: str) -> None:
        terms = tuple(fold_text(text).split())
        if terms == self._terms:
            return
        self.beginFilterChange()
        self._terms = terms
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._terms:
            return True
        model = self.sourceModel()
        client = model.data(model.index(source_row, 0, source_parent), DTO_ROLE)
        if not isinstance(client, ClientSummary):
            return False
        haystack = _haystack(client)
        return all(term in haystack for term in self._terms)


def _haystack(client: ClientSummary) -> str:
    a_number = client.a_number or ""
    digits = "".join(c for c in a_number if c.isdigit())
    parts = (client.display_name, a_number, digits, " ".join(client.nationalities),
             country_names(client.nationalities))
    return fold_text(" ".join(parts))
