"""The Clients page as tabs: the client list first, then one closable tab per open intake.

A paralegal interviewing one client and looking up another switches tabs and loses nothing;
Ctrl+W closes an intake (after its last save), Ctrl+F goes back to the list's search.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

from clinic_app.checklist import Checklist
from clinic_app.domain import ClientSummary
from clinic_app.services import ReviewQueries
from clinic_app.services.editing import DraftSaved, EditableIntake, IntakeEditing
from ui.intake.controller import IntakeEditor
from ui.workers import TaskRunner


class IntakeTabs(QTabWidget):
    """Hosts the client list and the open intakes.

    Signals:
        clients_changed(): a client was created or renamed by an intake (reload the list).
        open_failed(str): an intake could not be opened; a plain message.
    """

    clients_changed = Signal()
    open_failed = Signal(str)

    def __init__(self, client_list: QWidget, editing: IntakeEditing | None,
                 checklist: Checklist | None, runner: TaskRunner,
                 parent: QWidget | None = None, *, reviews: ReviewQueries | None = None) -> None:
        super().__init__(parent)
        self._reviews = reviews
        self.setObjectName("clientTabs")
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(False)
        self._editing = editing
        self._checklist = checklist
        self._runner = runner
        self.client_list = client_list
        self.editors: list[IntakeEditor] = []
        self.addTab(client_list, self.tr("Client list"))
        # The list cannot be closed. (Not setTabButton(..., None): PySide6 6.12 then drops a
        # reference to None each call, which crashes the interpreter at exit.)
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            button = self.tabBar().tabButton(0, side)
            if button is not None:
                button.hide()
        self.tabCloseRequested.connect(self.close_tab)
        close = QAction(self.tr("Close intake"), self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close.triggered.connect(lambda: self.close_tab(self.currentIndex()))
        self.addAction(close)

    @property
    def can_edit(self) -> bool:
        return self._editing is not None and self._checklist is not None

    def show_list(self) -> None:
        self.setCurrentWidget(self.client_list)

    def editor_for_client(self, client_id: str) -> IntakeEditor | None:
        return next((e for e in self.editors if e.client_id == client_id), None)

    # -- opening -------------------------------------------------------------------------------

    def open_client(self, client: ClientSummary | str) -> None:
        """Open the client's newest intake in its own tab (or switch to it if open)."""
        client_id = client.client_id if isinstance(client, ClientSummary) else client
        editing = self._editing
        if editing is None:
            return
        existing = self.editor_for_client(client_id)
        if existing is not None:
            self.setCurrentWidget(existing.window)
            return
        self._runner.run(lambda: editing.open_for_client(client_id), on_success=self._opened,
                         on_failure=self.open_failed.emit, action=self.tr("opening the intake"))

    def new_client(self) -> None:
        """A blank intake for a new client; stored with its first answer."""
        if self._editing is None:
            return
        self._opened(self._editing.new_intake())

    def reopen_interrupted(self) -> None:
        """Reopen the intakes a crash left open on this computer (they announce the recovery)."""
        editing = self._editing
        if editing is None:
            return
        self._runner.run(editing.interrupted_intakes, on_success=self._open_all,
                         on_failure=self.open_failed.emit,
                         action=self.tr("looking for unfinished intakes"))

    def _open_all(self, client_ids: list[str]) -> None:
        for client_id in client_ids:
            self.open_client(client_id)

    def _opened(self, opened: EditableIntake) -> None:
        if self._editing is None or self._checklist is None:
            return
        if opened.client_id is not None and (
                existing := self.editor_for_client(opened.client_id)) is not None:
            self.setCurrentWidget(existing.window)
            return
        editor = IntakeEditor(self._editing, self._checklist, opened, self._runner,
                              reviews=self._reviews)
        self.editors.append(editor)
        index = self.addTab(editor.window, editor.title())
        editor.title_changed.connect(lambda title, w=editor.window: self._retitle(w, title))
        editor.draft_saved.connect(lambda saved, new=opened.intake_id is None:
                                   self._saved(saved, new))
        self.setCurrentIndex(index)
        first = editor.window.rows()
        if first:
            first[0].focus_editor()

    # -- closing -------------------------------------------------------------------------------

    def close_tab(self, index: int) -> bool:
        """Close an intake tab after storing its last changes (the list tab stays)."""
        widget = self.widget(index)
        editor = next((e for e in self.editors if e.window is widget), None)
        if editor is None:
            return False
        if not editor.close():
            self.setCurrentIndex(index)
            return False  # the store refused the last save: the answers stay on screen
        self.editors.remove(editor)
        self.removeTab(index)
        editor.window.deleteLater()  # the editor goes with it
        self.clients_changed.emit()
        return True

    def close_all(self) -> bool:
        """Close every intake (the main window is closing); False if one could not be saved."""
        ok = True
        for editor in list(self.editors):
            ok = self.close_tab(self.indexOf(editor.window)) and ok
        return ok

    def reopen_all(self) -> None:
        """Close and reopen every intake, e.g. after the UI language changed (the checklist's
        labels are rendered in the language an intake was opened with). Each intake stores its
        last answers first, so nothing is lost; a blank intake with nothing typed is dropped."""
        client_ids = [e.client_id for e in self.editors if e.client_id is not None]
        self.close_all()
        for client_id in client_ids:
            self.open_client(client_id)

    def _retitle(self, window: QWidget, title: str) -> None:
        index = self.indexOf(window)
        if index >= 0:
            self.setTabText(index, title)

    def _saved(self, saved: DraftSaved, new: bool) -> None:
        if new and saved.version == 1:
            self.clients_changed.emit()  # the new client appears in the list at once
