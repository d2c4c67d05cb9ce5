"""Layout of the Clients page: a search box over the client table, or a plain empty-state line."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain import ClientSummary
from ui.models.client_table import DTO_ROLE, ClientFilterProxy, ClientTableModel, Column


class ClientListView(QWidget):
    """The client list with search-as-you-type; shows why it is empty instead of a blank grid.

    Keyboard: type to filter, Down or Enter moves into the results, Esc clears the search.

    Signals:
        client_activated(ClientSummary): Enter or double-click on a row (opens it, later).
    """

    client_activated = Signal(object)

    def __init__(self, model: ClientTableModel, proxy: ClientFilterProxy,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = proxy
        self._loading = False
        self._error = ""

        self.title = QLabel(self.tr("Clients"), self)
        self.title.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("clientCount")

        self.search = QLineEdit(self)
        self.search.setObjectName("clientSearch")
        self.search.setPlaceholderText(self.tr("Find by name, A-number or nationality (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find clients"))
        self.search.setAccessibleDescription(
            self.tr("Filters the client list as you type; accents and capitals do not matter."))
        self.title.setBuddy(self.search)

        self.table = QTableView(self)
        self.table.setObjectName("clientTable")
        self.table.setAccessibleName(self.tr("Client list"))
        self.table.setModel(proxy)
        self._configure_table()

        self.empty_state = QLabel(self)
        self.empty_state.setObjectName("emptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.empty_state.setAccessibleName(self.tr("Client list status"))

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)

        header_row = QHBoxLayout()
        header_row.addWidget(self.title)
        header_row.addStretch(1)
        header_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(header_row)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.search, self.table)
        self.setFocusProxy(self.search)

        self.search.textChanged.connect(self._proxy.set_query)
        self.search.installEventFilter(self)
        self.table.activated.connect(self._on_activated)
        for signal in (model.modelReset, proxy.rowsInserted, proxy.rowsRemoved,
                       proxy.modelReset, proxy.layoutChanged):
            signal.connect(self.update_state)
        self.update_state()

    # -- API used by the controller and the window --------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_loading(self, loading: bool) -> None:
        self._loading = loading
        if loading:
            self._error = ""
        self.update_state()

    def show_error(self, message: str) -> None:
        self._error = message
        self._loading = False
        self.update_state()

    def selected_client(self) -> ClientSummary | None:
        index = self.table.selectionModel().currentIndex()
        client = index.data(DTO_ROLE) if index.isValid() else None
        return client if isinstance(client, ClientSummary) else None

    def select_client(self, client_id: str) -> bool:
        """Make a client the current row (kept across refreshes); False if it is not shown."""
        source_row = self._model.row_of(client_id)
        if source_row < 0:
            return False
        index = self._proxy.mapFromSource(self._model.index(source_row, 0))
        if not index.isValid():
            return False
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def update_state(self) -> None:
        """Show the table, or a sentence saying why there is nothing to show."""
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        if total and shown != total:
            self.count_label.setText(self.tr("{shown} of {total} clients").format(
                shown=shown, total=total))
        elif total == 1:
            self.count_label.setText(self.tr("1 client"))
        else:
            self.count_label.setText(
                self.tr("{total} clients").format(total=total) if total else "")
        message = ""
        if self._error:
            message = self.tr("{error}\n\nClients ▸ Refresh (F5) tries again.").format(
                error=self._error)
        elif not total and self._loading:
            message = self.tr("Loading clients…")
        elif not total:
            message = self.tr("No clients yet — File ▸ Import intake files… (Ctrl+I)")
        elif not shown:
            message = self.tr("No clients match “{query}”. Press Esc to clear the search.").format(
                query=self.search.text().strip())
        self.empty_state.setText(message)
        self.stack.setCurrentWidget(self.empty_state if message else self.table)

    # -- internals -----------------------------------------------------------------------------

    def _configure_table(self) -> None:
        table = self.table
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move within it
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setCornerButtonEnabled(False)
        table.verticalHeader().setVisible(False)
        # Comfortable rows sized from the font, so 200% scaling and large fonts stay readable.
        row_height = int(table.fontMetrics().height() * 1.9)
        table.verticalHeader().setDefaultSectionSize(row_height)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the store's order at first
        table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("M" * 4))

    def fit_columns(self) -> None:
        """Size every column but Name (which stretches) to its contents after a load."""
        padding = self.table.fontMetrics().horizontalAdvance("M" * 2)
        for column in Column:
            if column != Column.NAME:
                self.table.resizeColumnToContents(column)
                width = self.table.columnWidth(column) + padding
                self.table.setColumnWidth(column, width)

    def _on_activated(self, index: QModelIndex) -> None:
        client = index.data(DTO_ROLE)
        if isinstance(client, ClientSummary):
            self.client_activated.emit(client)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._move_into_results()
        return super().eventFilter(watched, event)

    def _move_into_results(self) -> bool:
        if not self._proxy.rowCount() or self.stack.currentWidget() is not self.table:
            return False
        if not self.table.selectionModel().currentIndex().isValid():
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
            self.table.selectionModel().setCurrentIndex(self._proxy.index(0, 0), flags)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
