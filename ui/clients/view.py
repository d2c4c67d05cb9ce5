"""Layout of the Clients page: search box and filter chips over the client table, or a sentence
saying why the table is empty."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain import ClientSummary
from clinic_app.search import ClientPage
from ui import assets
from ui.models.client_table import (
    DTO_ROLE,
    SORT_BY_COLUMN,
    ClientTableModel,
    Column,
    format_partial_date,
)

DEADLINE_CHOICES = (7, 30, 90)  # the Deadlines page's horizons (ux.md)
DEFAULT_DEADLINE_DAYS = 30


class ClientListView(QWidget):
    """The client list with search-as-you-type and filters; says why it is empty, never blank.

    Keyboard: type to search, Down or Enter moves into the results, Enter there opens the
    client, Esc clears the search; the filter chips are in the Tab order and toggle with Space
    (or Alt+U, Alt+R, Alt+D).

    Signals:
        client_activated(ClientSummary): Enter or double-click on a row (opens the client).
        search_edited(str): the search text changed (the controller waits for a pause).
        filters_changed(): a filter chip or the deadline horizon changed.
    """

    client_activated = Signal(object)
    search_edited = Signal(str)
    filters_changed = Signal()

    def __init__(self, model: ClientTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._error = ""

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("clientCount")

        self.search = QLineEdit(self)
        self.search.setObjectName("clientSearch")
        self.search.setClearButtonEnabled(True)
        self.title.setBuddy(self.search)

        self.urgent_chip = self._chip("urgentFilter")
        self.urgent_chip.setIcon(assets.icon("flag-urgent"))
        self.unreviewed_chip = self._chip("unreviewedFilter")
        self.deadline_chip = self._chip("deadlineFilter")
        self.deadline_days = QComboBox(self)
        self.deadline_days.setObjectName("deadlineDays")
        for days in DEADLINE_CHOICES:
            self.deadline_days.addItem("", days)
        self.deadline_days.setCurrentIndex(DEADLINE_CHOICES.index(DEFAULT_DEADLINE_DAYS))

        self.match_note = QLabel(self)
        self.match_note.setObjectName("clientCount")
        self.match_note.setWordWrap(True)
        self.match_note.hide()

        self.table = QTableView(self)
        self.table.setObjectName("clientTable")
        self.table.setModel(model)
        self._configure_table()

        self.empty_state = QLabel(self)
        self.empty_state.setObjectName("emptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)

        header_row = QHBoxLayout()
        header_row.addWidget(self.title)
        header_row.addStretch(1)
        header_row.addWidget(self.count_label)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.urgent_chip)
        filter_row.addWidget(self.unreviewed_chip)
        filter_row.addWidget(self.deadline_chip)
        filter_row.addWidget(self.deadline_days)
        filter_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header_row)
        layout.addWidget(self.search)
        layout.addLayout(filter_row)
        layout.addWidget(self.match_note)
        layout.addWidget(self.stack, 1)
        for first, second in ((self.search, self.urgent_chip),
                              (self.urgent_chip, self.unreviewed_chip),
                              (self.unreviewed_chip, self.deadline_chip),
                              (self.deadline_chip, self.deadline_days),
                              (self.deadline_days, self.table)):
            self.setTabOrder(first, second)
        self.setFocusProxy(self.search)

        self.search.textChanged.connect(self.search_edited)
        self.search.installEventFilter(self)
        for chip in (self.urgent_chip, self.unreviewed_chip, self.deadline_chip):
            chip.toggled.connect(self.filters_changed)
        self.deadline_days.currentIndexChanged.connect(self._deadline_horizon_changed)
        self.table.activated.connect(self._on_activated)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_clicked)
        model.modelReset.connect(self.update_state)
        self.retranslate()

    # -- API used by the controller and the window --------------------------------------------

    @property
    def deadline_horizon(self) -> int | None:
        """Days ahead the deadline filter looks, or None when the filter is off."""
        if not self.deadline_chip.isChecked():
            return None
        days = self.deadline_days.currentData()
        return int(days) if days is not None else DEFAULT_DEADLINE_DAYS

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_error(self, message: str) -> None:
        self._error = message
        self.update_state()

    def clear_error(self) -> None:
        self._error = ""

    def selected_client(self) -> ClientSummary | None:
        index = self.table.selectionModel().currentIndex()
        client = index.data(DTO_ROLE) if index.isValid() else None
        return client if isinstance(client, ClientSummary) else None

    def select_client(self, client_id: str) -> bool:
        """Make a client the current row (kept across refreshes); False if it is not shown."""
        row = self._model.row_of(client_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        index = self._model.index(row, 0)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def show_answer(self, page: ClientPage) -> None:
        """The first page of an answer arrived: counts, the close-match note, the table."""
        self._error = ""
        self.update_state()

    def update_state(self) -> None:
        """Show the table, or a sentence saying why there is nothing to show."""
        model = self._model
        total, everyone = model.total, model.everyone
        locale = QLocale()
        if model.query.narrowed and everyone:
            self.count_label.setText(self.tr("{shown} of {total} clients").format(
                shown=locale.toString(total), total=locale.toString(everyone)))
        elif everyone == 1:
            self.count_label.setText(self.tr("1 client"))
        else:
            self.count_label.setText(
                self.tr("{total} clients").format(total=locale.toString(everyone))
                if everyone else "")
        self._update_match_note()
        message = self._empty_message()
        self.empty_state.setText(message)
        self.stack.setCurrentWidget(self.empty_state if message else self.table)

    def retranslate(self) -> None:
        """Every word of the page in the current UI language (again on LanguageChange)."""
        self.title.setText(self.tr("Clients"))
        self.search.setPlaceholderText(self.tr("Find by name or A-number (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Find clients"))
        self.search.setAccessibleDescription(self.tr(
            "Searches as you type: names in any order, accents and capitals do not matter, "
            "one wrong letter is forgiven; or an A-number with or without dashes."))
        self.urgent_chip.setText(self.tr("&Urgent flag"))
        self.urgent_chip.setToolTip(self.tr("Only clients whose newest intake has an urgent "
                                            "flag (Alt+U)"))
        self.unreviewed_chip.setText(self.tr("Not &reviewed"))
        self.unreviewed_chip.setToolTip(self.tr(
            "Only clients with a flag no attorney has decided on yet (Alt+R)"))
        self.deadline_chip.setText(self.tr("&Deadline within"))
        self.deadline_chip.setToolTip(self.tr(
            "Only clients with a deadline due within the chosen days, overdue ones included "
            "(Alt+D)"))
        for position, days in enumerate(DEADLINE_CHOICES):
            self.deadline_days.setItemText(position, self.tr("{days} days").format(days=days))
        self.deadline_days.setAccessibleName(self.tr("Deadline horizon"))
        for chip in (self.urgent_chip, self.unreviewed_chip, self.deadline_chip):
            chip.setAccessibleName(chip.text().replace("&", ""))
            chip.setAccessibleDescription(chip.toolTip())
        self.table.setAccessibleName(self.tr("Client list"))
        self.empty_state.setAccessibleName(self.tr("Client list status"))
        self.fit_columns()
        self.update_state()

    def fit_columns(self) -> None:
        """Widths from the font and the current language's words, never from the rows:
        measuring 100,000 rows would fetch every page. Name takes the rest."""
        model, table = self._model, self.table
        metrics = table.fontMetrics()
        pad = metrics.horizontalAdvance("M" * 2)
        icon = table.style().pixelMetric(table.style().PixelMetric.PM_SmallIconSize) + pad // 2
        samples = {
            Column.NATIONALITY: ("XX, XX", 0),
            Column.A_NUMBER: ("A000000000", 0),
            Column.LAST_ENTRY: (format_partial_date("2026-09-30", QLocale()), 0),
            Column.FLAGS: (model.flags_text(ClientSummary("", "", (), None, 10, 10)), icon),
        }
        header = table.horizontalHeader()
        for column, (sample, extra) in samples.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            # The header also draws its sort arrow.
            width = max(metrics.horizontalAdvance(sample) + extra,
                        header.fontMetrics().horizontalAdvance(title) + pad) + pad
            header.resizeSection(column, width)

    # -- Qt overrides --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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

    # -- internals -----------------------------------------------------------------------------

    def _chip(self, name: str) -> QToolButton:
        chip = QToolButton(self)
        chip.setObjectName(name)
        chip.setProperty("chip", True)  # styled in style.qss
        chip.setCheckable(True)
        chip.setAutoRaise(False)
        chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return chip

    def _deadline_horizon_changed(self) -> None:
        if self.deadline_chip.isChecked():
            self.filters_changed.emit()

    def _filter_words(self) -> list[str]:
        query = self._model.query
        words = []
        if query.urgent:
            words.append(self.tr("an urgent flag"))
        if query.unreviewed:
            words.append(self.tr("a flag not reviewed"))
        if query.deadline_days is not None:
            words.append(self.tr("a deadline within {days} days").format(
                days=query.deadline_days))
        return words

    def _empty_message(self) -> str:
        model = self._model
        if self._error:
            return self.tr("{error}\n\nClients ▸ Refresh (F5) tries again.").format(
                error=self._error)
        if model.loading and not model.total:
            return self.tr("Loading clients…")
        if model.total:
            return ""
        if not model.everyone:
            return self.tr("No clients yet — File ▸ Import intake files… (Ctrl+I)")
        text = model.query.text.strip()
        filters = self._filter_words()
        if text and filters:
            return self.tr("No clients match “{query}” with {filters}. Turn a filter off, or "
                           "press Esc to clear the search.").format(
                               query=text, filters=self.tr(", ").join(filters))
        if text:
            return self.tr("No clients match “{query}”. Check the spelling, or search by "
                           "A-number. Press Esc to clear the search.").format(query=text)
        return self.tr("No clients with {filters}. Turn a filter off to see more.").format(
            filters=self.tr(", ").join(filters))

    def _update_match_note(self) -> None:
        model = self._model
        text = model.query.text.strip()
        close = model.total - model.exact
        note = ""
        if text and model.total and close:
            if not model.exact:
                note = self.tr("No exact match for “{query}” — showing similar names "
                               "(in italics).").format(query=text)
            elif close == 1:
                note = self.tr("Exact matches first, then 1 similar name (in italics).")
            else:
                note = self.tr("Exact matches first, then {count} similar names "
                               "(in italics).").format(count=QLocale().toString(close))
        self.match_note.setText(note)
        self.match_note.setVisible(bool(note))

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
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        # Comfortable rows sized from the font, so 200% scaling and large fonts stay readable;
        # fixed, so 100,000 rows cost nothing to lay out.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(int(table.fontMetrics().height() * 1.9))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)  # most recent first
        table.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("M" * 4))

    def _sort_clicked(self, section: int, _order: Qt.SortOrder) -> None:
        if section >= 0 and section not in SORT_BY_COLUMN:
            # After the header has finished its click: a column that cannot sort must not
            # look as if it did.
            QTimer.singleShot(0, self.sync_sort_indicator)

    def sync_sort_indicator(self) -> None:
        """The header's arrow on the column the list is really sorted by."""
        query = self._model.query
        columns = {sort: column for column, sort in SORT_BY_COLUMN.items()}
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(columns.get(query.sort, -1),
                                Qt.SortOrder.DescendingOrder if query.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()

    def _on_activated(self, index: QModelIndex) -> None:
        client = index.data(DTO_ROLE)
        if isinstance(client, ClientSummary):
            self.client_activated.emit(client)

    def _move_into_results(self) -> bool:
        if not self._model.total or self.stack.currentWidget() is not self.table:
            return False
        if not self.table.selectionModel().currentIndex().isValid():
            self.select_row(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
