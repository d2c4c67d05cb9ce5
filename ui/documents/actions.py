"""The Clients menu's document actions: Print / Save as PDF… (Ctrl+P) for the client in front
of the user (the open intake tab, else the selected row), and Save PDFs of every client….

Kept out of main_window.py so the window only adds them to its menu. The intake window may
connect its own Ctrl+P to `print_client(client_id, label)`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QWidget

from clinic_app.services import DocumentQueries
from ui.clients.view import ClientListView
from ui.documents.batch import BatchPdfDialog
from ui.documents.printing import DocumentPrinting
from ui.workers import TaskRunner


class DocumentActions(QObject):
    """Signals:
        message(str): a sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, documents: DocumentQueries, runner: TaskRunner, window: QWidget,
                 tabs: QTabWidget, client_list: ClientListView) -> None:
        super().__init__(window)
        self._documents = documents
        self._runner = runner
        self._window = window
        self._tabs = tabs
        self._list = client_list
        self.printing = DocumentPrinting(documents, runner, window)
        self.printing.message.connect(self.message)
        self.batch_dialog: BatchPdfDialog | None = None

        self.print_action = QAction(self.tr("&Print / Save as PDF…"), window)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.print_action.setStatusTip(self.tr("Preview the intake summary or the client copy "
                                               "of the selected client, then print or save it"))
        self.print_action.triggered.connect(self.print_current)
        self.batch_action = QAction(self.tr("Save PDFs of &every client…"), window)
        self.batch_action.setStatusTip(self.tr("One PDF per client into a folder"))
        self.batch_action.triggered.connect(self.save_all)

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.print_action)
        menu.addAction(self.batch_action)

    def current_client(self) -> tuple[str, str] | None:
        """(client id, what to call them on screen) for the intake tab in front, else the
        selected row of the client list."""
        page = self._tabs.currentWidget()
        if page is not None and page is not self._list:
            client_id = page.property("clientId")
            if not isinstance(client_id, str):
                editor = next((e for e in getattr(self._tabs, "editors", ())
                               if e.window is page), None)
                client_id = getattr(editor, "client_id", None)
            if isinstance(client_id, str) and client_id:
                return client_id, self._tabs.tabText(self._tabs.currentIndex())
        selected = self._list.selected_client()
        if selected is None:
            return None
        return selected.client_id, selected.display_name

    def print_current(self) -> None:
        chosen = self.current_client()
        if chosen is None:
            self.message.emit(self.tr("Select a client in the list first, then press Ctrl+P."))
            return
        self.print_client(*chosen)

    def print_client(self, client_id: str, label: str) -> None:
        self.printing.open_preview(client_id, label)

    def save_all(self) -> None:
        if self.batch_dialog is None:
            self.batch_dialog = BatchPdfDialog(self._documents, self._runner, self._window)
        self.batch_dialog.show()
        self.batch_dialog.raise_()
