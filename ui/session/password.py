"""File ▸ Change password…: the signed-in user's own password (re-wraps their key only)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.accounts import MIN_PASSWORD_LENGTH, check_new_password, describe_wait
from clinic_app.errors import AccountError, AccountLocked, AuthenticationFailed, ClinicError
from clinic_app.services import SessionControl
from ui.workers import TaskRunner


def _attempt(session: SessionControl, current: str, new: str) -> ClinicError | None:
    try:
        session.change_password(current, new)
    except ClinicError as error:
        return error
    return None


class ChangePasswordDialog(QDialog):
    """Current password, new password twice.

    Signals:
        changed(): the new password is in effect.
    """

    changed = Signal()

    def __init__(self, session: SessionControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.runner = TaskRunner(self)
        self.setWindowTitle(self.tr("Change your password"))
        self.current = QLineEdit(self)
        self.new = QLineEdit(self)
        self.repeat = QLineEdit(self)
        for edit in (self.current, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.setPlaceholderText(self.tr("at least {n} characters").format(
            n=MIN_PASSWORD_LENGTH))
        form = QFormLayout()
        form.addRow(self.tr("&Current password:"), self.current)
        form.addRow(self.tr("&New password:"), self.new)
        form.addRow(self.tr("&Repeat new password:"), self.repeat)
        self.message = QLabel(self)
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        current, new = self.current.text(), self.new.text()
        try:
            check_new_password(new)
        except AccountError as error:
            self.message.setText(str(error)[:1].upper() + str(error)[1:] + ".")
            return
        if new != self.repeat.text():
            self.message.setText(self.tr("The two new passwords differ. Type them again."))
            return
        for edit in (self.current, self.new, self.repeat):
            edit.clear()
        self.buttons.setEnabled(False)
        session = self._session
        self.runner.run(lambda: _attempt(session, current, new), on_success=self._answer,
                        on_failure=self._failed, action=self.tr("changing the password"))

    def _answer(self, error: ClinicError | None) -> None:
        self.buttons.setEnabled(True)
        if error is None:
            self.changed.emit()
            self.accept()
        elif isinstance(error, AccountLocked):
            self.message.setText(self.tr("Too many wrong passwords: the account is locked. Try "
                                         "again in {wait}.").format(
                                             wait=describe_wait(error.retry_after)))
        elif isinstance(error, AuthenticationFailed):
            self.message.setText(self.tr("The current password is not right."))
        else:
            self.message.setText(str(error))

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(message)
