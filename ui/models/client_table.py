"""The client list as a lazy Qt table model: pages fetched from the store as they are drawn."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QIcon

from clinic_app.dates import DateSyntaxError, Precision, parse_partial_date
from clinic_app.domain import ClientSummary
from clinic_app.search import ClientPage, ClientQuery, ClientSort
from clinic_app.services import ClientQueries
from ui.workers import TaskRunner

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the row's `ClientSummary` (None while its page is being fetched)."""
CLOSE_MATCH_ROLE = Qt.ItemDataRole.UserRole + 3
"""True for a row that matched the typed text only with a typo allowance."""

PAGE_SIZE = 100
MAX_CACHED_PAGES = 30  # 3,000 rows at most in memory, whatever the size of the clinic

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    NATIONALITY = 1
    A_NUMBER = 2
    LAST_ENTRY = 3
    FLAGS = 4


# Which column sorts by what (in the database, each key has an index); Nationality does not sort.
SORT_BY_COLUMN: dict[Column, ClientSort] = {
    Column.NAME: ClientSort.NAME,
    Column.A_NUMBER: ClientSort.A_NUMBER,
    Column.LAST_ENTRY: ClientSort.LAST_ENTRY,
    Column.FLAGS: ClientSort.FLAGS,
}


def country_names(codes: Sequence[str]) -> str:
    """Country names for ISO alpha-2 codes, from Qt's own tables (English)."""
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
    """Rows of `ClientSummary` for one `ClientQuery`, fetched a page at a time on the TaskRunner.

    `rowCount` is the size of the whole answer (counted by the database); a row whose page has
    not arrived shows a placeholder, and its page is asked for once the row is drawn. So
    scrolling through 100,000 clients fetches only the pages looked at, and at most
    MAX_CACHED_PAGES are kept. Every query gets a new generation: an answer to an older one is
    dropped, and work queued for it is skipped before it reaches the store.

    Signals:
        answered(ClientPage): the first page of a new query (or refresh) arrived.
        failed(str): a fetch failed; a plain message.
    """

    answered = Signal(object)
    failed = Signal(str)

    def __init__(self, queries: ClientQueries, runner: TaskRunner,
                 parent: QObject | None = None, *, urgent_icon: QIcon | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._queries = queries
        self._runner = runner
        self._urgent_icon = urgent_icon or QIcon()
        self._page_size = page_size
        self._locale = QLocale()
        self._query = ClientQuery(limit=page_size)
        self._generation = 0
        self._loading = False
        self._total = 0
        self._exact = 0
        self._everyone = 0
        self._pages: OrderedDict[int, tuple[ClientSummary, ...]] = OrderedDict()
        self._pending: set[int] = set()
        self._broken: set[int] = set()
        self._wanted: set[int] = set()
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)  # after the paint that asked, never inside it
        self._fetch_timer.timeout.connect(self._fetch_wanted)

    # -- our API -------------------------------------------------------------------------------

    @property
    def query(self) -> ClientQuery:
        return self._query

    @property
    def loading(self) -> bool:
        """A new query was asked and its first page has not arrived yet."""
        return self._loading

    @property
    def total(self) -> int:
        return self._total

    @property
    def everyone(self) -> int:
        """Clients in the store, as of the last answer."""
        return self._everyone

    @property
    def exact(self) -> int:
        return self._exact

    @property
    def page_size(self) -> int:
        return self._page_size

    def set_query(self, query: ClientQuery) -> None:
        """Show the answer to `query` (its offset and limit are the model's business)."""
        self._query = replace(query, offset=0, limit=self._page_size)
        self._generation += 1
        self._loading = True
        self._pending.clear()
        self._broken.clear()
        self._wanted.clear()
        self._fetch(0, self._generation)

    def refresh(self) -> None:
        """Ask the current query again (the store changed)."""
        self.set_query(self._query)

    def client_at(self, row: int) -> ClientSummary | None:
        """The client of `row` if its page is here (never fetches)."""
        rows = self._pages.get(row // self._page_size)
        offset = row % self._page_size
        return rows[offset] if rows is not None and offset < len(rows) else None

    def row_of(self, client_id: str) -> int:
        """Row of a client among the pages fetched so far, or -1."""
        for index, rows in self._pages.items():
            for offset, client in enumerate(rows):
                if client.client_id == client_id:
                    return index * self._page_size + offset
        return -1

    def is_close_match(self, row: int) -> bool:
        return self._exact < self._total and row >= self._exact

    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def flags_text(self, client: ClientSummary) -> str:
        if client.urgent_count:
            return self.tr("{count} ({urgent} urgent)").format(
                count=client.flag_count, urgent=client.urgent_count)
        return str(client.flag_count)

    def retranslate(self) -> None:
        """The UI language changed: new headers, and dates in the new locale."""
        self._locale = QLocale()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._total:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._total - 1, len(Column) - 1))

    # -- Qt overrides --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == Column.FLAGS:
                return self.tr("Policy flags that may apply — attorney to review")
            if section == Column.NATIONALITY:
                return self.tr("This column cannot be sorted")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        client = self.client_at(index.row())
        column = Column(index.column())
        if client is None:
            self._want(index.row() // self._page_size)
            if role == Qt.ItemDataRole.DisplayRole and column == Column.NAME:
                return "…"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return self.tr("Loading")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(client, column)
        if role == DTO_ROLE:
            return client
        if role == CLOSE_MATCH_ROLE:
            return self.is_close_match(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(client, column, index.row())
        if role == Qt.ItemDataRole.FontRole:
            return self._font(client, column, index.row())
        if role == Qt.ItemDataRole.DecorationRole and column == Column.FLAGS \
                and client.urgent_count:
            return self._urgent_icon
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(client, column) or self.tr("not recorded")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the database; a column without an index there does not sort."""
        descending = order == Qt.SortOrder.DescendingOrder
        if column < 0:
            sort, descending = ClientSort.RECENT, True
        elif column in SORT_BY_COLUMN:
            sort = SORT_BY_COLUMN[Column(column)]
        else:
            return
        if (sort, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=sort, descending=descending))

    # -- fetching ------------------------------------------------------------------------------

    def _want(self, page: int) -> None:
        if page in self._pending or page in self._broken or self._loading:
            return
        self._wanted.add(page)
        if not self._fetch_timer.isActive():
            self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        # The pages drawn since the last round: what is on screen now, not every page a fast
        # scroll went past.
        wanted, self._wanted = self._wanted, set()
        for page in sorted(wanted):
            if page not in self._pages and page not in self._pending:
                self._fetch(page, self._generation)

    def _fetch(self, page: int, generation: int) -> None:
        self._pending.add(page)
        query = self._query.page(page * self._page_size, self._page_size)
        queries = self._queries

        def work() -> ClientPage | None:
            # Runs on the pool: skip a fetch the user has already typed past.
            if generation != self._generation:
                return None
            return queries.search_clients(query)

        self._runner.run(
            work,
            on_success=lambda answer: self._arrived(generation, page, answer),
            on_failure=lambda message: self._fetch_failed(generation, page, message),
            action=self.tr("loading the client list"),
        )

    def _arrived(self, generation: int, page: int, answer: ClientPage | None) -> None:
        if generation != self._generation or answer is None:
            return  # an answer to a query the user has moved on from
        self._pending.discard(page)
        if self._loading:
            self.beginResetModel()
            self._pages.clear()
            self._pages[page] = answer.rows
            self._total, self._exact, self._everyone = answer.total, answer.exact, answer.everyone
            self._loading = False
            self._locale = QLocale()
            self.endResetModel()
            self.answered.emit(answer)
            return
        if answer.total != self._total:
            self.refresh()  # clients were added or removed meanwhile: count again
            return
        self._pages[page] = answer.rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        first = page * self._page_size
        last = min(first + len(answer.rows), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def _fetch_failed(self, generation: int, page: int, message: str) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._broken.add(page)  # not asked again until the next query or refresh
        if self._loading:
            self._loading = False
        self.failed.emit(message)

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

    def _font(self, client: ClientSummary, column: Column, row: int) -> QFont | None:
        if column == Column.FLAGS and client.urgent_count:
            font = QFont()
            font.setBold(True)
            return font
        if column == Column.NAME and self.is_close_match(row):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _tooltip(self, client: ClientSummary, column: Column, row: int) -> str | None:
        if column == Column.NAME and self.is_close_match(row):
            return self.tr("Similar spelling: this name is one letter away from what you "
                           "typed.")
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
