"""Logic of the Clients page: turn typing and filters into queries, a pause after the last key."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from clinic_app.search import ClientPage, ClientQuery
from clinic_app.services import ClientQueries
from ui import assets
from ui.clients.view import ClientListView
from ui.models.client_table import ClientTableModel
from ui.workers import TaskRunner

SEARCH_PAUSE_MS = 150
"""Typing "gonzalez" asks the store once, not eight times; short enough to feel instant."""


class ClientList(QObject):
    """Owns the lazy client model and the page widget; every answer comes from the store.

    Only the newest query's answer is shown (the model drops older ones), so a slow answer never
    overwrites a fresher one.

    Signals:
        clients_loaded(int): an answer arrived; how many clients match.
        load_failed(str): loading failed; a plain message (also shown on the page).
    """

    clients_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(self, queries: ClientQueries, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = ClientTableModel(queries, runner, urgent_icon=assets.icon("flag-urgent"))
        self.view = ClientListView(self.model)
        self.model.setParent(self.view)  # the table's model lives exactly as long as the table
        self._keep_selection: str | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.search_now)
        self.view.search_edited.connect(self._typed)
        self.view.filters_changed.connect(self.search_now)
        self.model.answered.connect(self._answered)
        self.model.failed.connect(self._failed)

    @property
    def loading(self) -> bool:
        return self.model.loading or self._pause.isActive()

    def refresh(self) -> None:
        """Ask the store again (after an import or a saved intake), keeping the selection."""
        selected = self.view.selected_client()
        self._keep_selection = selected.client_id if selected is not None else None
        self._pause.stop()
        self.view.clear_error()
        self.model.set_query(self._query())
        self.view.update_state()

    def search_now(self) -> None:
        """Query with what is typed and chosen now (the pause is over, or a filter changed)."""
        self._pause.stop()
        self._keep_selection = None
        self.view.clear_error()
        self.model.set_query(self._query())
        self.view.update_state()

    def _typed(self, _text: str) -> None:
        self._pause.start()  # restarts: the query goes out SEARCH_PAUSE_MS after the last key

    def _query(self) -> ClientQuery:
        view = self.view
        return replace(self.model.query, text=view.search.text(),
                       urgent=view.urgent_chip.isChecked(),
                       unreviewed=view.unreviewed_chip.isChecked(),
                       deadline_days=view.deadline_horizon)

    def _answered(self, page: ClientPage) -> None:
        self.view.show_answer(page)
        if self._keep_selection is not None:
            self.view.select_client(self._keep_selection)
            self._keep_selection = None
        self.clients_loaded.emit(page.total)

    def _failed(self, message: str) -> None:
        self.view.show_error(message)
        self.load_failed.emit(message)
