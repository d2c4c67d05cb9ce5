"""The sign-in dialog, and the first-run dialog that sets up the clinic and its first admin.

Both run the gate's call on a worker thread (Argon2id and opening the store take a moment) and
turn its errors into words: a wrong username or password and a locked account are said in the
dialog; a store that cannot be opened (damaged, unencrypted, missing) goes to the store-error
dialog through `store_failed`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.accounts import (
    MIN_PASSWORD_LENGTH,
    check_new_password,
    check_username,
    describe_wait,
)
from clinic_app.errors import AccountError, AccountLocked, AuthenticationFailed, ClinicError
from clinic_app.security import Credentials
from clinic_app.services import AppServices, FirstRunSetup, SignInGate
from ui.workers import TaskRunner


def _attempt(call: Callable[[], AppServices]) -> AppServices | ClinicError:
    """Runs on a worker thread: the services, or the error as a value (its kind matters)."""
    try:
        return call()
    except ClinicError as error:
        return error


class _GateDialog(QDialog):
    """What both dialogs share: a message line, busy state, and the answer handling.

    Signals:
        signed_in(object): the AppServices of the signed-in user.
        store_failed(str): the store cannot be opened; the plain message (names the file).
    """

    signed_in = Signal(object)
    store_failed = Signal(str)

    def __init__(self, gate: SignInGate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._gate = gate
        self.runner = TaskRunner(self)
        self.message = QLabel(self)
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.buttons.rejected.connect(self.reject)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run(self, call: Callable[[], AppServices], working: str) -> None:
        self.show_message(working)
        self._set_busy(True)
        self.runner.run(lambda: _attempt(call), on_success=self._answer,
                        on_failure=self._failed, action=working)

    def _answer(self, outcome: AppServices | ClinicError) -> None:
        self._set_busy(False)
        if isinstance(outcome, AppServices):
            self.show_message("")
            self.signed_in.emit(outcome)
            self.accept()
        elif isinstance(outcome, AccountLocked):
            self.show_message(self.tr(
                "This account is locked after too many wrong passwords. Try again in {wait}, "
                "or ask an administrator to reset it.").format(
                    wait=describe_wait(outcome.retry_after)))
        elif isinstance(outcome, AuthenticationFailed):
            self.show_message(self.tr("The username or password is not right. Check Caps Lock "
                                      "and try again."))
            self._wrong_credentials()
        elif isinstance(outcome, AccountError):
            self.show_message(str(outcome))
        else:
            self.show_message("")
            self.store_failed.emit(str(outcome))

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.show_message(message)

    def _set_busy(self, busy: bool) -> None:
        for child in self.findChildren(QLineEdit):
            child.setEnabled(not busy)
        for box in self.findChildren(QCheckBox):
            box.setEnabled(not busy)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not busy)

    def _wrong_credentials(self) -> None:
        """Hook: what to clear after a refusal."""

    def reject(self) -> None:
        if not self.busy:
            self.runner.shutdown()
            super().reject()


class LoginDialog(_GateDialog):
    """Username and password; a refused password is cleared at once."""

    def __init__(self, gate: SignInGate, *, location: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(gate, parent)
        self.setWindowTitle(self.tr("Sign in — Clinic Intake"))
        heading = QLabel(self.tr("Sign in to Clinic Intake"), self)
        heading.setObjectName("pageTitle")
        self.username = QLineEdit(self)
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        form = QFormLayout()
        form.addRow(self.tr("&Username:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        hint = QLabel(self.tr("After 5 wrong passwords in a row the account is locked for a "
                              "while; an administrator can lift the lock."), self)
        hint.setWordWrap(True)
        hint.setObjectName("clientCount")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign &in"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if location:
            where = QLabel(self.tr("Store: {location}").format(location=location), self)
            where.setTextFormat(Qt.TextFormat.PlainText)
            where.setWordWrap(True)
            layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_message(self.tr("Type your username and password."))
            (self.username if not username else self.password).setFocus()
            return
        self.password.clear()  # the password does not stay in the widget
        gate = self._gate
        credentials = Credentials(username, password)
        self._run(lambda: gate.sign_in(credentials), self.tr("Signing in…"))

    def _wrong_credentials(self) -> None:
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)


class FirstRunDialog(_GateDialog):
    """No store yet: name the clinic, create its first admin, maybe load sample clients."""

    def __init__(self, gate: SignInGate, *, samples: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(gate, parent)
        self.setWindowTitle(self.tr("Set up Clinic Intake"))
        heading = QLabel(self.tr("Welcome to Clinic Intake"), self)
        heading.setObjectName("pageTitle")
        intro = QLabel(self.tr(
            "Clients' records are kept encrypted on this computer. Name the clinic and create "
            "its first administrator, who can then add the other users. Write the password "
            "down somewhere safe: without any administrator's password the records cannot be "
            "recovered."), self)
        intro.setWordWrap(True)
        self.clinic = QLineEdit(self)
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("at least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        form = QFormLayout()
        form.addRow(self.tr("&Clinic name:"), self.clinic)
        form.addRow(self.tr("Admin &username:"), self.username)
        form.addRow(self.tr("Admin's &full name:"), self.display_name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("&Repeat password:"), self.repeat)
        self.samples = QCheckBox(self.tr("&Load fictional sample clients to try the app"), self)
        self.samples.setVisible(samples)
        self._samples_offered = samples
        self.buttons.addButton(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("&Create the clinic"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.samples)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        self.clinic.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.busy:
            return
        clinic = " ".join(self.clinic.text().split())
        if not clinic:
            self.show_message(self.tr("Type the clinic's name."))
            self.clinic.setFocus()
            return
        try:
            username = check_username(self.username.text())
            check_new_password(self.password.text())
        except AccountError as error:
            self.show_message(str(error)[:1].upper() + str(error)[1:] + ".")
            return
        if self.password.text() != self.repeat.text():
            self.show_message(self.tr("The two passwords differ. Type them again."))
            self.password.clear()
            self.repeat.clear()
            self.password.setFocus()
            return
        setup = FirstRunSetup(clinic, Credentials(username, self.password.text()),
                              display_name=self.display_name.text(),
                              load_samples=self._samples_offered and self.samples.isChecked())
        self.password.clear()
        self.repeat.clear()
        gate = self._gate
        self._run(lambda: gate.set_up(setup), self.tr("Creating the encrypted store…"))
