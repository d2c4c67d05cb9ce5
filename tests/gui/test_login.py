"""pytest-qt: signing in (wrong password, lockout, a damaged store), first-run setup, and the
flow from sign-in to the main window and back after Sign out."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from clinic_app.accounts import MAX_FAILURES, account_locked, lock_duration
from clinic_app.domain import Role
from clinic_app.errors import AuthenticationFailed, StoreDamaged
from clinic_app.security import Actor, Credentials
from clinic_app.services import AppServices, FirstRunSetup
from ui.main_window import MainWindow
from ui.session.flow import SignInFlow
from ui.session.login import FirstRunDialog, LoginDialog

from .conftest import SAMPLE_CLIENTS
from .fakes import fake_services
from .keys import type_text

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


class FakeSession:
    """SessionControl for widget tests: the password is "secret"."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.signed_out = threading.Event()

    def idle_lock_minutes(self) -> int:
        return 10

    def lock(self) -> None:
        pass

    def unlock(self, password: str) -> None:
        if password != "secret":
            raise AuthenticationFailed("wrong username or password")

    def change_password(self, current: str, new: str) -> None:
        pass

    def sign_out(self) -> None:
        self.signed_out.set()


class FakeGate:
    """SignInGate with one user, ana / "secret", counting wrong passwords like the real one."""

    def __init__(self, *, needs_setup: bool = False, damaged: bool = False) -> None:
        self.setup_needed = needs_setup
        self.damaged = damaged
        self.failures = 0
        self.setups: list[FirstRunSetup] = []
        self.sessions: list[FakeSession] = []

    def needs_setup(self) -> bool:
        return self.setup_needed

    def samples_available(self) -> bool:
        return True

    def set_up(self, setup: FirstRunSetup) -> AppServices:
        self.setups.append(setup)
        self.setup_needed = False
        return self._services(setup.admin.username, Role.ADMIN)

    def sign_in(self, credentials: Credentials) -> AppServices:
        if self.damaged:
            raise StoreDamaged("the store at /data/clinic.db is damaged: restore /b/backup.db")
        if self.failures >= MAX_FAILURES:
            delay = lock_duration(self.failures)
            assert delay is not None
            raise account_locked(NOW + delay, NOW)
        if (credentials.username, credentials.password) != ("ana", "secret"):
            self.failures += 1
            delay = lock_duration(self.failures)
            if delay is not None:
                raise account_locked(NOW + delay, NOW, just_now=True)
            raise AuthenticationFailed("wrong username or password")
        return self._services("ana", Role.PARALEGAL)

    def _services(self, username: str, role: Role) -> AppServices:
        session = FakeSession(Actor("u-" + username, username, role))
        self.sessions.append(session)
        return dataclasses.replace(fake_services(SAMPLE_CLIENTS), session=session)


def _sign_in(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    type_text(dialog.password, password)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy)


def test_a_wrong_password_is_said_plainly_and_cleared(qtbot) -> None:
    gate = FakeGate()
    dialog = LoginDialog(gate, location="/data/clinic.db")
    qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(dialog.signed_in):
        _sign_in(qtbot, dialog, "ana", "señora")  # non-ASCII typed safely
    assert "username or password is not right" in dialog.message.text()
    assert dialog.password.text() == ""
    with qtbot.waitSignal(dialog.signed_in) as signed:
        _sign_in(qtbot, dialog, "ana", "secret")
    services = signed.args[0]
    assert services.session.actor.username == "ana"
    assert dialog.password.text() == ""


def test_lockout_names_the_remaining_wait(qtbot) -> None:
    gate = FakeGate()
    dialog = LoginDialog(gate)
    qtbot.addWidget(dialog)
    for _ in range(MAX_FAILURES - 1):
        _sign_in(qtbot, dialog, "ana", "guess")
        assert "not right" in dialog.message.text()
    _sign_in(qtbot, dialog, "ana", "guess")
    assert "locked" in dialog.message.text() and "Try again in 1 minute" in dialog.message.text()
    _sign_in(qtbot, dialog, "ana", "secret")  # the right password does not lift it
    assert "Try again in 1 minute" in dialog.message.text()
    gate.failures += 1
    _sign_in(qtbot, dialog, "ana", "secret")
    assert "Try again in 5 minutes" in dialog.message.text()


def test_empty_fields_are_asked_for_without_a_call(qtbot) -> None:
    gate = FakeGate()
    dialog = LoginDialog(gate)
    qtbot.addWidget(dialog)
    dialog.submit()
    assert dialog.message.text() == "Type your username and password."
    assert gate.failures == 0


def test_a_damaged_store_goes_to_the_store_error_dialog(qtbot) -> None:
    dialog = LoginDialog(FakeGate(damaged=True))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.store_failed) as failed:
        _sign_in(qtbot, dialog, "ana", "secret")
    assert "damaged" in failed.args[0] and "/b/backup.db" in failed.args[0]
    assert "not right" not in dialog.message.text()


def test_first_run_checks_then_creates_the_clinic(qtbot) -> None:
    gate = FakeGate(needs_setup=True)
    dialog = FirstRunDialog(gate, samples=True)
    qtbot.addWidget(dialog)
    dialog.clinic.setText("Clínica Frontera")
    dialog.username.setText("Ana")
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.submit()
    assert "at least 8 characters" in dialog.message.text()
    dialog.password.setText("a good password")
    dialog.repeat.setText("a different one")
    dialog.submit()
    assert "differ" in dialog.message.text() and dialog.password.text() == ""
    dialog.password.setText("a good password")
    dialog.repeat.setText("a good password")
    dialog.samples.setChecked(True)
    with qtbot.waitSignal(dialog.signed_in):
        dialog.submit()
    [setup] = gate.setups
    assert setup.clinic_name == "Clínica Frontera" and setup.admin.username == "ana"
    assert setup.load_samples and setup.admin.password == "a good password"


@pytest.fixture
def flow(qtbot):
    flows: list[SignInFlow] = []

    def make(gate: FakeGate) -> SignInFlow:
        f = SignInFlow(gate, check_interval_ms=50)
        flows.append(f)
        return f
    yield make
    for f in flows:
        if f.session is not None:
            f.session.window.close()
        if f.dialog is not None:
            f.dialog.close()


def test_the_flow_goes_from_first_run_to_the_window_and_back_to_sign_in(qtbot, flow) -> None:
    gate = FakeGate(needs_setup=True)
    f = flow(gate)
    f.start()
    assert isinstance(f.dialog, FirstRunDialog) and f.dialog.isVisible()
    f.dialog.clinic.setText("Clínica")
    f.dialog.username.setText("admin")
    f.dialog.password.setText("a good password")
    f.dialog.repeat.setText("a good password")
    with qtbot.waitSignal(f.window_opened) as opened:
        f.dialog.submit()
    window = opened.args[0]
    assert isinstance(window, MainWindow) and window.isVisible()
    assert f.session is not None and f.session.lock is not None
    session = gate.sessions[-1]
    with qtbot.assertNotEmitted(f.finished):
        f.sign_out()
    assert session.signed_out.is_set()
    assert isinstance(f.dialog, LoginDialog) and f.dialog.isVisible()
    with qtbot.waitSignal(f.finished) as done:
        f.dialog.reject()
    assert done.args == [0]


def test_closing_the_window_signs_out_and_finishes(qtbot, flow) -> None:
    gate = FakeGate()
    f = flow(gate)
    f.start()
    assert isinstance(f.dialog, LoginDialog)
    with qtbot.waitSignal(f.window_opened) as opened:
        _sign_in(qtbot, f.dialog, "ana", "secret")
    with qtbot.waitSignal(f.finished):
        opened.args[0].close()
    assert gate.sessions[-1].signed_out.is_set()


def test_a_store_that_cannot_be_opened_ends_with_status_1(qtbot, flow) -> None:
    f = flow(FakeGate(damaged=True))
    f.start()
    assert isinstance(f.dialog, LoginDialog)
    _sign_in(qtbot, f.dialog, "ana", "secret")
    assert f.error_dialog is not None and f.error_dialog.isVisible()
    assert "damaged" in f.error_dialog.text()
    with qtbot.waitSignal(f.finished) as done:
        f.error_dialog.reject()
    assert done.args == [1]


class PasswordSession(FakeSession):
    def __init__(self) -> None:
        super().__init__(Actor("u1", "ana", Role.PARALEGAL))
        self.changed: list[tuple[str, str]] = []

    def change_password(self, current: str, new: str) -> None:
        if current != "secret":
            raise AuthenticationFailed("wrong username or password")
        self.changed.append((current, new))


def test_a_user_changes_their_own_password(qtbot) -> None:
    from ui.session.password import ChangePasswordDialog

    session = PasswordSession()
    dialog = ChangePasswordDialog(session)
    qtbot.addWidget(dialog)
    dialog.current.setText("secret")
    dialog.new.setText("short")
    dialog.repeat.setText("short")
    dialog.submit()
    assert "at least 8 characters" in dialog.message.text() and not session.changed
    dialog.new.setText("a new password")
    dialog.repeat.setText("a new password")
    dialog.current.setText("wrong")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text() == "The current password is not right.")
    dialog.current.setText("secret")
    dialog.new.setText("a new password")
    dialog.repeat.setText("a new password")
    with qtbot.waitSignal(dialog.changed):
        dialog.submit()
    assert session.changed == [("secret", "a new password")]
    assert dialog.current.text() == dialog.new.text() == ""
