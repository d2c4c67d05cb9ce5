"""The idle lock: after the admin-set idle time the window's content is replaced by a lock
screen that shows nothing about clients; only the same user's password brings it back.

Locking does not close anything: open pages and editors keep their state (what was typed stays),
they are just not drawn. Other windows of the app are hidden and come back on unlock; menus and
shortcuts are off; the title names no client. Someone else can only sign the session out.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.accounts import describe_wait
from clinic_app.errors import AccountLocked, AuthenticationFailed, ClinicError
from clinic_app.security import Actor
from clinic_app.services import SessionControl
from ui import assets
from ui.main_window import MainWindow
from ui.session.idle import IdleWatcher
from ui.workers import TaskRunner

LOCKED_TITLE = "Clinic Intake — Locked"


class LockScreen(QWidget):
    """What a locked window shows: who may unlock, a password field, and Sign out.

    Signals:
        unlock_requested(str): the password typed (the field is cleared at once).
        sign_out_requested(): someone chose to end this session.
    """

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        icon = QLabel(self)
        side = self.fontMetrics().height() * 4
        icon.setPixmap(assets.app_icon().pixmap(side, side))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Clinic Intake is locked"), self)
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel(self.tr("Signed in: {user}. Only this user's password unlocks it.")
                          .format(user=actor.label), self)
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setWordWrap(True)
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setAccessibleName(self.tr("Password of {user}").format(user=actor.username))
        self.unlock_button = QPushButton(self.tr("&Unlock"), self)
        self.unlock_button.setDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()
        others = QLabel(self.tr("Someone else? Sign out first; anything not yet saved in the "
                                "open windows is then lost."), self)
        others.setWordWrap(True)
        others.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sign_out_button = QPushButton(self.tr("&Sign out"), self)
        self.sign_out_button.setAutoDefault(False)

        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        card = QFrame(self)
        card.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        column = QVBoxLayout(card)
        for widget in (icon, title, self.who):
            column.addWidget(widget)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addSpacing(self.fontMetrics().height())
        column.addWidget(others)
        column.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignCenter)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.unlock_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.sign_out_button.clicked.connect(self.sign_out_requested)

    def reset(self) -> None:
        self.password.clear()
        self.message.hide()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.password.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _submit(self) -> None:
        password = self.password.text()
        self.password.clear()  # the password does not stay in the widget
        if not password:
            self.show_message(self.tr("Type your password to unlock."))
            return
        self.unlock_requested.emit(password)


class SessionLock(QObject):
    """Locks `window` after the idle time or on request (Ctrl+L), and unlocks it for the
    signed-in user only. `clock` and `check_interval_ms` are for tests.

    Signals:
        locked(): the lock screen is up.
        unlocked(): the content is back.
        sign_out_requested(): the user (or someone else) chose Sign out on the lock screen.
    """

    locked = Signal()
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, window: MainWindow, session: SessionControl, *,
                 clock: Callable[[], float] = time.monotonic, check_interval_ms: int = 5000,
                 idle_minutes: int | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        minutes = idle_minutes if idle_minutes is not None else session.idle_lock_minutes()
        self.watcher = IdleWatcher(minutes * 60, clock=clock,
                                   check_interval_ms=check_interval_ms, parent=self)
        self.runner = TaskRunner(self)  # not the window's: unlocking never waits for an import
        self.screen = LockScreen(session.actor, window)
        window.screens.addWidget(self.screen)
        self._is_locked = False
        self._title = ""
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction | QShortcut] = []
        self._bars: list[QWidget] = []

        self.lock_action = QAction(self.tr("&Lock now"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip(self.tr("Hide everything until your password is typed"))
        self.lock_action.triggered.connect(self.lock)
        window.addAction(self.lock_action)
        window.file_menu.insertAction(window.quit_action, self.lock_action)

        self.watcher.idle.connect(self.lock)
        self.screen.unlock_requested.connect(self._try_unlock)
        self.screen.sign_out_requested.connect(self.sign_out_requested)
        self.watcher.start()

    @property
    def is_locked(self) -> bool:
        return self._is_locked

    def lock(self) -> None:
        """Replace the content by the lock screen (idempotent)."""
        if self._is_locked:
            return
        self._is_locked = True
        self.watcher.stop()
        window = self._window
        self._title = window.windowTitle()
        window.setWindowTitle(self.tr(LOCKED_TITLE))
        self._hide_other_windows()
        self._disable_shortcuts()
        self._bars = [bar for bar in (window.menuBar(), window.statusBar()) if bar.isVisible()]
        for bar in self._bars:
            bar.hide()
        window.statusBar().clearMessage()
        self.screen.reset()
        window.screens.setCurrentWidget(self.screen)
        self.screen.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.runner.run(self._session.lock, on_success=lambda _: None,
                        on_failure=lambda _: None, action=self.tr("locking"))
        self.locked.emit()

    def unlock_with(self, password: str) -> None:
        """What typing a password on the lock screen does (tests call it directly)."""
        self._try_unlock(password)

    def shutdown(self) -> None:
        self.watcher.stop()
        self.runner.shutdown()

    def _try_unlock(self, password: str) -> None:
        self.screen.set_busy(True)
        session = self._session
        self.runner.run(lambda: _attempt(session, password), on_success=self._unlock_answer,
                        on_failure=self._unlock_failed, action=self.tr("unlocking"))

    def _unlock_answer(self, error: ClinicError | None) -> None:
        if error is None:
            self._restore()
            return
        self.screen.set_busy(False)
        if isinstance(error, AccountLocked):
            self.screen.show_message(self.tr(
                "Too many wrong passwords: this account is locked. Try again in {wait}, or "
                "sign out.").format(wait=describe_wait(error.retry_after)))
        elif isinstance(error, AuthenticationFailed):
            self.screen.show_message(self.tr("That is not the password of {user}.").format(
                user=self._session.actor.username))
        else:
            self.screen.show_message(str(error))
        self.screen.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unlock_failed(self, message: str) -> None:
        self.screen.set_busy(False)
        self.screen.show_message(message)

    def _restore(self) -> None:
        window = self._window
        window.screens.setCurrentWidget(window.content)
        for bar in self._bars:
            bar.show()
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled.clear()
        window.setWindowTitle(self._title)
        for widget in self._hidden:
            with contextlib.suppress(RuntimeError):  # deleted while locked
                widget.show()
        self._hidden.clear()
        self.screen.reset()
        self._is_locked = False
        self.watcher.start()
        self.unlocked.emit()

    def _hide_other_windows(self) -> None:
        """Every other visible window of the app (dialogs, intake windows) goes away."""
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w is not self._window and w.isVisible()]
        for widget in self._hidden:
            widget.hide()

    def _disable_shortcuts(self) -> None:
        items: list[QAction | QShortcut] = [
            *self._window.findChildren(QAction), *self._window.findChildren(QShortcut)]
        self._disabled = [i for i in items if i.isEnabled()]
        for item in self._disabled:
            item.setEnabled(False)


def _attempt(session: SessionControl, password: str) -> ClinicError | None:
    """Runs on a worker thread: the outcome of an unlock, as a value."""
    try:
        session.unlock(password)
    except ClinicError as error:
        return error
    return None
