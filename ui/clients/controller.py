"""Logic of the Clients page: load summaries in the background and keep the view in step."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from clinic_app.domain import ClientSummary
from clinic_app.services import ClientQueries
from ui import assets
from ui.clients.view import ClientListView
from ui.models.client_table import ClientFilterProxy, ClientTableModel
from ui.workers import TaskRunner


class ClientList(QObject):
    """Owns the client model, its search proxy and the page widget; reloads on request.

    Only the newest load is applied, so a slow answer never overwrites a fresher one.

    Signals:
        clients_loaded(int): the list was replaced; the number of clients.
        load_failed(str): loading failed; a plain message (also shown on the page).
    """

    clients_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(self, queries: ClientQueries, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queries = queries
        self._runner = runner
        self._generation = 0
        self._pending = False
        self.model = ClientTableModel(self, urgent_icon=assets.icon("flag-urgent"))
        self.proxy = ClientFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = ClientListView(self.model, self.proxy)

    @property
    def loading(self) -> bool:
        return self._pending

    def refresh(self) -> None:
        """Reload the list from the store without blocking the window."""
        self._generation += 1
        generation = self._generation
        self._pending = True
        self.view.set_loading(True)
        queries = self._queries
        self._runner.run(
            queries.client_summaries,
            on_success=lambda clients: self._loaded(generation, clients),
            on_failure=lambda message: self._failed(generation, message),
            action=self.tr("loading the client list"),
        )

    def _loaded(self, generation: int, clients: list[ClientSummary]) -> None:
        if generation != self._generation:
            return
        self._pending = False
        selected = self.view.selected_client()
        self.model.set_clients(clients)
        self.view.set_loading(False)
        self.view.fit_columns()
        if selected is not None:
            self.view.select_client(selected.client_id)
        self.clients_loaded.emit(len(clients))

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._pending = False
        self.view.show_error(message)
        self.load_failed.emit(message)
