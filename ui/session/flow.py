"""From start to sign-out: first-run setup or sign-in, then the main window with its idle lock
and (for admins) the Audit page; signing out goes back to the sign-in dialog."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from clinic_app.errors import ClinicError
from clinic_app.services import AppServices, SignInGate
from ui.audit.page import AuditPage
from ui.dialogs.store_error import StoreErrorDialog
from ui.main_window import MainWindow
from ui.session.lock import SessionLock
from ui.session.login import FirstRunDialog, LoginDialog
from ui.session.password import ChangePasswordDialog

STORE_ERROR_EXIT = 1

log = logging.getLogger(__name__)


class Session(QObject):
    """One signed-in user's window: the lock, the Audit page, the user in the status bar."""

    def __init__(self, window: MainWindow, services: AppServices, *,
                 clock: Callable[[], float] = time.monotonic,
                 check_interval_ms: int = 5000) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.lock: SessionLock | None = None
        self.audit: AuditPage | None = None
        if services.session is not None:
            self.lock = SessionLock(window, services.session, clock=clock,
                                    check_interval_ms=check_interval_ms)
            user = QLabel(self.tr("Signed in: {user}").format(
                user=services.session.actor.label), window.statusBar())
            user.setAccessibleName(self.tr("Signed-in user"))
            window.statusBar().insertPermanentWidget(0, user)
            self.password_action = QAction(self.tr("Change &password…"), window)
            self.password_action.triggered.connect(self.change_password)
            window.file_menu.insertAction(self.lock.lock_action, self.password_action)
            self.password_dialog: ChangePasswordDialog | None = None
        if services.audit is not None:
            self.audit = AuditPage(services.audit, window.runner, self)
            window.add_page("audit", self.tr("Audit"), self.audit.view)

    def change_password(self) -> None:
        assert self.services.session is not None
        self.password_dialog = ChangePasswordDialog(self.services.session, self.window)
        self.password_dialog.changed.connect(lambda: self.window.statusBar().showMessage(
            self.tr("Your password was changed."), 8000))
        self.password_dialog.open()

    def end(self) -> None:
        """Stop the lock's timers and record the sign-out (closes the store)."""
        if self.lock is not None:
            self.lock.shutdown()
        if self.services.session is not None:
            # The store is going away either way; nothing to tell the user.
            with contextlib.suppress(ClinicError):
                self.services.session.sign_out()


class SignInFlow(QObject):
    """Drives the dialogs and windows; `finished(code)` when the app should exit.

    Signals:
        window_opened(object): the MainWindow of a user who signed in.
        finished(int): 0 after Close or the last window, 1 if the store cannot be opened.
    """

    window_opened = Signal(object)
    finished = Signal(int)

    def __init__(self, gate: SignInGate, *, hint: str = "", location: str = "",
                 clock: Callable[[], float] = time.monotonic, check_interval_ms: int = 5000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gate = gate
        self._hint = hint
        self._location = location
        self._clock = clock
        self._interval = check_interval_ms
        self.dialog: LoginDialog | FirstRunDialog | None = None
        self.session: Session | None = None
        self.error_dialog: StoreErrorDialog | None = None

    def start(self) -> None:
        try:
            setup = self._gate.needs_setup()
        except ClinicError as error:
            self._store_failed(str(error))
            return
        if setup:
            self._show(FirstRunDialog(self._gate, samples=self._gate.samples_available()))
        else:
            self._show(LoginDialog(self._gate, location=self._location))

    def _show(self, dialog: LoginDialog | FirstRunDialog) -> None:
        self.dialog = dialog
        dialog.signed_in.connect(self._signed_in)
        dialog.store_failed.connect(self._store_failed)
        dialog.rejected.connect(lambda: self._closed(dialog))
        dialog.show()

    def _closed(self, dialog: QWidget) -> None:
        if self.dialog is dialog and self.session is None:
            self.dialog = None
            self.finished.emit(0)

    def _signed_in(self, services: AppServices) -> None:
        try:
            window = MainWindow(services)
            session = Session(window, services, clock=self._clock,
                              check_interval_ms=self._interval)
        except Exception as error:  # never a traceback on screen; the log has it
            log.error("the main window could not be built", exc_info=error)
            if services.session is not None:
                with contextlib.suppress(ClinicError):
                    services.session.sign_out()
            self._store_failed(self.tr("Clinic Intake could not open its main window "
                                       "({error}). The details were written to the log.")
                               .format(error=type(error).__name__))
            return
        self.session = session
        if session.lock is not None:
            session.lock.sign_out_requested.connect(self.sign_out)
        window.closed.connect(lambda: self._window_closed(session))
        window.show()
        self.dialog = None
        self.window_opened.emit(window)

    def sign_out(self) -> None:
        """End the session and ask who signs in next (the login dialog shows first, so the
        application never runs out of windows in between)."""
        session = self.session
        if session is None:
            return
        self.session = None
        self._show(LoginDialog(self._gate, location=self._location))
        session.window.close()  # -> _window_closed: records the sign-out, closes the store

    def _window_closed(self, session: Session) -> None:
        session.end()
        session.window.deleteLater()
        if self.session is session:  # closed by the user, not by Sign out
            self.session = None
            self.finished.emit(0)

    def _store_failed(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.hide()
        self.error_dialog = StoreErrorDialog(message, self._hint)
        self.error_dialog.finished.connect(lambda _: self.finished.emit(STORE_ERROR_EXIT))
        self.error_dialog.show()
