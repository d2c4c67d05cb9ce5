"""pytest-qt: the idle lock. Idle time comes from a fake clock (nothing sleeps): the content is
replaced by a lock screen showing no client data, the same user's password brings everything
back as it was, anyone else can only sign out."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from clinic_app.accounts import account_locked
from clinic_app.domain import Role
from clinic_app.errors import AuthenticationFailed
from clinic_app.security import Actor
from ui.main_window import MainWindow
from ui.session.lock import LOCKED_TITLE, SessionLock

from .conftest import SAMPLE_CLIENTS
from .fakes import fake_services
from .keys import type_text

IDLE_MINUTES = 10


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


class FakeSession:
    def __init__(self) -> None:
        self.actor = Actor("u1", "ana", Role.PARALEGAL, "Ana Pérez")
        self.locks = 0
        self.unlocks = 0
        self.refusal: Exception | None = None

    def idle_lock_minutes(self) -> int:
        return IDLE_MINUTES

    def lock(self) -> None:
        self.locks += 1

    def unlock(self, password: str) -> None:
        if self.refusal is not None:
            raise self.refusal
        if password != "secret":
            raise AuthenticationFailed("wrong username or password")
        self.unlocks += 1

    def change_password(self, current: str, new: str) -> None:
        pass

    def sign_out(self) -> None:
        pass


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session() -> FakeSession:
    return FakeSession()


@pytest.fixture
def locked_window(qtbot, clock, session):
    services = dataclasses.replace(fake_services(SAMPLE_CLIENTS), session=session)
    window = MainWindow(services)
    qtbot.addWidget(window)
    notes = QLineEdit(window)
    window.add_page("notes", "Notes", notes)
    lock = SessionLock(window, session, clock=clock, check_interval_ms=10)
    window.show()
    qtbot.waitUntil(lambda: not window.clients.loading)
    yield window, lock, notes
    lock.shutdown()
    window.close()


def _visible_text(window: QWidget) -> str:
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    edits = [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join([window.windowTitle(), *labels, *edits])


def _unlock(qtbot, lock: SessionLock, password: str) -> None:
    type_text(lock.screen.password, password)
    lock.screen.unlock_button.click()
    qtbot.waitUntil(lambda: not lock.runner.busy)


def test_idle_time_locks_and_the_lock_screen_shows_no_client(qtbot, locked_window,
                                                             clock, session) -> None:
    window, lock, notes = locked_window
    window.show_page("notes")
    type_text(notes, "María dijo que cruzó en 2019")
    clock.advance(IDLE_MINUTES - 1)
    lock.watcher.check()
    assert not lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=2000):
        clock.advance(1)
    assert window.screens.currentWidget() is lock.screen
    assert not window.content.isVisible()  # replaced, not covered: the content is not drawn
    assert window.windowTitle() == LOCKED_TITLE
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not window.import_action.isEnabled() and not window.find_action.isEnabled()
    shown = _visible_text(window)
    for client in SAMPLE_CLIENTS:
        assert client.display_name not in shown
    assert "María" not in shown and "cruzó" not in shown
    assert "Ana Pérez (paralegal)" in shown  # who may unlock
    qtbot.waitUntil(lambda: session.locks == 1)


def test_activity_postpones_the_lock(qtbot, locked_window, clock) -> None:
    window, lock, _ = locked_window
    clock.advance(IDLE_MINUTES - 1)
    qtbot.keyClick(window.clients.view.search, Qt.Key.Key_A)  # someone is typing
    clock.advance(2)
    lock.watcher.check()
    assert not lock.is_locked
    clock.advance(IDLE_MINUTES)
    lock.watcher.check()
    assert lock.is_locked


def test_the_same_password_brings_everything_back(qtbot, locked_window, clock,
                                                  session) -> None:
    window, lock, notes = locked_window
    window.show_page("notes")
    type_text(notes, "María dijo")
    title = window.windowTitle()
    lock.lock()
    with qtbot.assertNotEmitted(lock.unlocked):
        _unlock(qtbot, lock, "not it")
    assert lock.is_locked
    assert lock.screen.message.text() == "That is not the password of ana."
    assert lock.screen.password.text() == ""
    with qtbot.waitSignal(lock.unlocked):
        _unlock(qtbot, lock, "secret")
    assert not lock.is_locked and session.unlocks == 1
    assert window.screens.currentWidget() is window.content and window.content.isVisible()
    assert window.current_page_id() == "notes"
    assert notes.text() == "María dijo"  # nothing lost
    assert window.windowTitle() == title
    assert window.import_action.isEnabled() and window.menuBar().isVisible()
    assert lock.watcher.running  # and the idle lock is armed again
    clock.advance(IDLE_MINUTES)
    with qtbot.waitSignal(lock.locked, timeout=2000):
        pass


def test_a_locked_out_account_is_told_the_wait(qtbot, locked_window, session) -> None:
    _, lock, _ = locked_window
    lock.lock()
    now = datetime(2026, 7, 1, tzinfo=UTC)
    session.refusal = account_locked(now + timedelta(minutes=5), now)
    _unlock(qtbot, lock, "secret")
    assert lock.is_locked
    assert "Try again in 5 minutes" in lock.screen.message.text()


def test_someone_else_can_only_sign_out(qtbot, locked_window) -> None:
    _, lock, _ = locked_window
    lock.lock()
    with qtbot.waitSignal(lock.sign_out_requested):
        lock.screen.sign_out_button.click()


def test_other_windows_hide_while_locked(qtbot, locked_window) -> None:
    window, lock, _ = locked_window
    window.show_about()
    about = window.about_dialog
    assert about is not None
    qtbot.waitUntil(about.isVisible)
    lock.lock()
    assert not about.isVisible()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    with qtbot.waitSignal(lock.unlocked):
        _unlock(qtbot, lock, "secret")
    assert about.isVisible()
    about.close()


def test_ctrl_l_locks_at_once(qtbot, locked_window) -> None:
    window, lock, _ = locked_window
    assert lock.lock_action in window.file_menu.actions()
    assert lock.lock_action.shortcut().toString() == "Ctrl+L"
    lock.lock_action.trigger()
    assert lock.is_locked
