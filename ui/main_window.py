"""The main window: menus, a navigation rail over stacked pages, and a status bar with the store."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from clinic_app.services import AppServices, ImportReport
from ui.casework import CaseworkPages
from ui.clients.controller import ClientList
from ui.clients.import_flow import IntakeImportFlow
from ui.dialogs.about import AboutDialog
from ui.dialogs.settings import SettingsDialog
from ui.documents.actions import DocumentActions
from ui.i18n import apply_language, current_language
from ui.intake.tabs import IntakeTabs
from ui.prefs import UiPrefs
from ui.reports.page import ReportsPage
from ui.widgets.elided_label import ElidedLabel
from ui.wording import rule_pack_label, store_summary
from ui.workers import TaskRunner

STATUS_MESSAGE_MS = 8000


class MainWindow(QMainWindow):
    """The frame every feature slots into: later issues call `add_page` for Review, Deadlines,
    Reports, Policies and Admin, and add their actions to the menus built here.

    Services arrive through the constructor (tests pass fakes); nothing is looked up globally.

    Signals:
        closed(): the window was closed (the session signs out).
    """

    closed = Signal()

    def __init__(self, services: AppServices, *, runner: TaskRunner | None = None,
                 prefs: UiPrefs | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._prefs = prefs
        self.settings_dialog: SettingsDialog | None = None
        self._page_titles: dict[str, Callable[[], str]] = {}
        self.setWindowTitle(self.tr("Clinic Intake"))
        self.runner = runner or TaskRunner(self)
        self.clients = ClientList(services.clients, self.runner, self)
        self.import_flow = IntakeImportFlow(services.importer, self.runner, self)
        self.about_dialog: AboutDialog | None = None
        self._page_ids: list[str] = []

        self.rail = QListWidget(self)
        self.rail.setObjectName("navigationRail")
        self.rail.setAccessibleName(self.tr("Sections"))
        self.rail.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget(self)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addWidget(self.pages, 1)
        # `screens` holds the content and, while locked, the lock screen instead of it
        # (ui/session/lock.py): locked, the content is not drawn at all, yet keeps its state.
        self.content = central
        self.screens = QStackedWidget(self)
        self.screens.addWidget(central)
        self.setCentralWidget(self.screens)
        self.rail.currentRowChanged.connect(self.pages.setCurrentIndex)

        # The Clients page: the list, and a tab per open intake (ui/intake/tabs.py).
        self.intakes = IntakeTabs(self.clients.view, services.editing, services.checklist,
                                  self.runner, self, reviews=services.reviews)
        self.add_page("clients", lambda: self.tr("Clients"), self.intakes)
        # Attorney review, deadlines and the rule pack (ui/casework.py), by role.
        self.casework = CaseworkPages(services, self.runner, self)
        self.casework.add_to(self, "review", "deadlines")
        # Client PDFs (Print / Save as PDF, Ctrl+P) and, for managers, the Reports page.
        self.documents = (DocumentActions(services.documents, self.runner, self, self.intakes,
                                          self.clients.view)
                          if services.documents is not None else None)
        self.reports = (ReportsPage(services.reports, self.runner, self)
                        if services.reports is not None else None)
        if self.reports is not None:
            self.add_page("reports", lambda: self.tr("Reports"), self.reports.view)
        self.casework.add_to(self, "policies")
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        QWidget.setTabOrder(self.rail, self.clients.view.search)
        QWidget.setTabOrder(self.clients.view.search, self.clients.view.table)
        self.clients.view.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._size_to_screen()
        self.clients.refresh()
        self.intakes.reopen_interrupted()  # after a crash: back where the paralegal was

    # -- pages ---------------------------------------------------------------------------------

    def add_page(self, page_id: str, title: str | Callable[[], str], widget: QWidget) -> None:
        """Append a section to the rail (Ctrl+1, Ctrl+2, … switch between them).

        Give `title` as a function (`lambda: self.tr("Reports")`) and the rail follows a
        change of UI language; a plain string stays as it was given.
        """
        if callable(title):
            self._page_titles[page_id] = title
            title = title()
        number = len(self._page_ids) + 1
        self._page_ids.append(page_id)
        self.pages.addWidget(widget)
        item = QListWidgetItem(title, self.rail)
        shortcut = QKeySequence(f"Ctrl+{number}") if number < 10 else QKeySequence()
        if not shortcut.isEmpty():
            item.setToolTip(self.tr("{page} ({shortcut})").format(
                page=title, shortcut=shortcut.toString(QKeySequence.SequenceFormat.NativeText)))
            action = QAction(title, self)
            action.setShortcut(shortcut)
            action.triggered.connect(lambda: self.show_page(page_id))
            self.addAction(action)
        if self.rail.currentRow() < 0:
            self.rail.setCurrentRow(0)
        self._fit_rail()

    def show_page(self, page_id: str) -> None:
        if page_id in self._page_ids:
            self.rail.setCurrentRow(self._page_ids.index(page_id))

    def current_page_id(self) -> str:
        row = self.rail.currentRow()
        return self._page_ids[row] if 0 <= row < len(self._page_ids) else ""

    # -- actions -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.clients.refresh()

    def find_clients(self) -> None:
        self.show_page("clients")
        self.intakes.show_list()
        self.clients.view.focus_search()

    def open_client(self, client_id: str) -> None:
        """Show a client's intake (from the Deadlines or Policies page)."""
        self.show_page("clients")
        self.intakes.open_client(client_id)

    def new_client(self) -> None:
        """Ctrl+N: a blank intake in its own tab; the client is stored with the first answer."""
        self.show_page("clients")
        self.intakes.new_client()

    def show_about(self) -> None:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self._services, self, icon=self.windowIcon())
        self.about_dialog.open()

    def show_settings(self) -> None:
        """File ▸ Settings…: the UI language, applied at once when confirmed."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        self.settings_dialog = SettingsDialog(current_language(), self)
        self.settings_dialog.language_chosen.connect(self.set_language)
        self.settings_dialog.open()

    def set_language(self, language: str) -> None:
        """Switch the UI language now and remember it on this computer. Nothing is rebuilt:
        every widget gets a LanguageChange event and retranslates itself, so text typed in
        open intakes stays exactly as it was."""
        prefs = self._prefs if self._prefs is not None else UiPrefs()
        prefs.set_language(language)
        app = QCoreApplication.instance()
        if app is not None:
            apply_language(app, language)

    def retranslate(self) -> None:
        """The frame's words in the current UI language (pages retranslate themselves)."""
        self.setWindowTitle(self.tr("Clinic Intake"))
        self.rail.setAccessibleName(self.tr("Sections"))
        for page_id, title in self._page_titles.items():
            item = self.rail.item(self._page_ids.index(page_id))
            item.setText(title())
        self._fit_rail()
        self.file_menu.setTitle(self.tr("&File"))
        self.clients_menu.setTitle(self.tr("&Clients"))
        self.help_menu.setTitle(self.tr("&Help"))
        for action, text, tip in (
                (self.import_action, self.tr("&Import intake files…"),
                 self.tr("Add clients from clinic-intake JSON files")),
                (self.settings_action, self.tr("&Settings…"),
                 self.tr("Language of the screens, on this computer")),
                (self.quit_action, self.tr("&Quit"), ""),
                (self.refresh_action, self.tr("&Refresh"),
                 self.tr("Reload the client list from the store")),
                (self.find_action, self.tr("&Find…"),
                 self.tr("Search clients by name or A-number")),
                (self.new_client_action, self.tr("&New client"),
                 self.tr("Start the intake of a new client")),
                (self.about_action, self.tr("&About Clinic Intake"), "")):
            action.setText(text)
            action.setStatusTip(tip)
        self.store_label.setText(store_summary(self._services.store))
        self.store_label.setAccessibleName(self.tr("Data store"))
        self.rule_pack_label.setText(rule_pack_label(self._services.rule_pack_version))
        self.rule_pack_label.setAccessibleName(self.tr("Rule pack"))
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.clients.model.retranslate()
        if self.about_dialog is not None and not self.about_dialog.isVisible():
            self.about_dialog.deleteLater()  # built again, in the new language, when next opened
            self.about_dialog = None

    # -- Qt overrides --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "help_menu"):
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Open intakes store their last keystrokes first (no "unsaved changes" question).
        self.intakes.close_all()
        # Wait for running work (an import commits once, at its end) before the window goes.
        self.runner.shutdown()
        super().closeEvent(event)
        self.closed.emit()

    # -- construction --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.import_action = QAction(self.tr("&Import intake files…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip(self.tr("Add clients from clinic-intake JSON files"))
        self.import_action.triggered.connect(self.import_flow.choose_and_import)

        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.setStatusTip(self.tr("Reload the client list from the store"))
        self.refresh_action.triggered.connect(self.refresh)

        self.find_action = QAction(self.tr("&Find…"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.setStatusTip(self.tr("Search clients by name or A-number"))
        self.find_action.triggered.connect(self.find_clients)

        self.new_client_action = QAction(self.tr("&New client"), self)
        self.new_client_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_client_action.setStatusTip(self.tr("Start the intake of a new client"))
        self.new_client_action.triggered.connect(self.new_client)

        self.about_action = QAction(self.tr("&About Clinic Intake"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setStatusTip(self.tr("Language of the screens, on this computer"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.show_settings)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.file_menu.addAction(self.import_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.clients_menu = bar.addMenu(self.tr("&Clients"))
        if self.intakes.can_edit:  # never a menu entry that does nothing
            self.clients_menu.addAction(self.new_client_action)
        self.clients_menu.addAction(self.find_action)
        self.clients_menu.addAction(self.refresh_action)
        if self.documents is not None:
            self.clients_menu.addSeparator()
            self.documents.add_to(self.clients_menu)
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        store = self._services.store
        self.store_label = ElidedLabel(store_summary(store), status)
        self.store_label.setAccessibleName(self.tr("Data store"))
        self.rule_pack_label = QLabel(rule_pack_label(self._services.rule_pack_version), status)
        self.rule_pack_label.setAccessibleName(self.tr("Rule pack"))
        self.busy_bar = QProgressBar(status)
        self.busy_bar.setRange(0, 0)  # indeterminate: service calls do not report steps
        self.busy_bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 8)
        self.busy_bar.setMaximumHeight(self.fontMetrics().height())
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.busy_bar.hide()
        pad = self.fontMetrics().horizontalAdvance("M") // 2
        for label in (self.store_label, self.rule_pack_label):
            label.setContentsMargins(pad, 0, pad, 0)
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.store_label, 1)
        status.addPermanentWidget(self.rule_pack_label)

    def _connect(self) -> None:
        self.runner.busy_changed.connect(self.busy_bar.setVisible)
        if self.documents is not None:
            self.documents.message.connect(self._show_status)
        if self.reports is not None:
            self.reports.message.connect(self._show_status)
        self.runner.task_failed.connect(self._show_status)
        self.clients.load_failed.connect(self._show_status)
        self.clients.view.client_activated.connect(self.intakes.open_client)
        self.casework.client_activated.connect(self.open_client)
        self.intakes.clients_changed.connect(self.clients.refresh)
        self.intakes.open_failed.connect(self._show_status)
        self.import_flow.import_started.connect(self._import_started)
        self.import_flow.import_finished.connect(self._import_finished)
        self.import_flow.import_failed.connect(self._import_failed)

    def _import_started(self, count: int) -> None:
        self.import_action.setEnabled(False)
        self._show_status(self.tr("Importing 1 file…") if count == 1
                          else self.tr("Importing {count} files…").format(count=count))

    def _import_finished(self, report: ImportReport) -> None:
        self.import_action.setEnabled(True)
        self._show_status(self.import_flow.summary(report))
        self.show_page("clients")
        self.clients.refresh()

    def _import_failed(self, message: str) -> None:
        self.import_action.setEnabled(True)
        self._show_status(message)

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MESSAGE_MS)

    def _fit_rail(self) -> None:
        """Rail as wide as its longest title (at least ~10 letters), computed from the font."""
        metrics = self.rail.fontMetrics()
        longest = max((metrics.horizontalAdvance(self.rail.item(i).text())
                       for i in range(self.rail.count())), default=0)
        padding = metrics.horizontalAdvance("M") * 4
        self.rail.setFixedWidth(max(longest, metrics.horizontalAdvance("M" * 10)) + padding)

    def _size_to_screen(self) -> None:
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        self.resize(min(1280, int(available.width() * 0.9)),
                    min(800, int(available.height() * 0.9)))
