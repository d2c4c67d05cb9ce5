"""Deciding one flag, and signing off an intake: small dialogs that keep what was typed.

A decision is confirmed, not applicable or needs more facts, always with a note saying why.
The dialog stays open until the page reports that the decision was stored (`accept`), or shows
why it was not (`show_error`); Esc closes it and the page keeps the draft for next time.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain import Disposition, Flag, FlagReview
from clinic_app.review import FLAG_DISPOSITIONS
from ui.intake.flags_panel import level_name
from ui.review.history_model import disposition_name

Draft = tuple[Disposition | None, str]


def _note_box(parent: QWidget, text: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab moves on (keyboard first); the note is plain text
    box.setPlainText(text)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * 5)
    return box


class DispositionDialog(QDialog):
    """Decide one flag (attorneys).

    Signals:
        decided(object, str): Record was pressed: the Disposition and the note (trimmed).
    """

    decided = Signal(object, str)

    def __init__(self, flag: Flag, *, icon: QIcon, summary: str = "", changed: str = "",
                 current: FlagReview | None = None, draft: Draft = (None, ""),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flag = flag
        self.setObjectName("dispositionDialog")
        self.setWindowTitle(self.tr("Decide: {title}").format(title=flag.title))
        size = self.fontMetrics().height()
        badge = QLabel(self)
        badge.setPixmap(icon.pixmap(QSize(size, size), self.devicePixelRatioF()))
        level = QLabel(level_name(flag.level), self)
        level.setObjectName("flagLevel")
        level.setProperty("level", flag.level.value)
        title = QLabel(f"{flag.title} ({flag.id})", self)
        title.setObjectName("flagTitle")
        title.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(badge)
        head.addWidget(level)
        head.addWidget(title, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        for text, name in ((summary, "sectionHelp"), (changed, "issue")):
            if text:
                label = QLabel(text, self)
                label.setObjectName(name)
                label.setProperty("level", "warning")
                label.setWordWrap(True)
                layout.addWidget(label)
        if current is not None:
            was = QLabel(self.tr("Decided before: {decision} by {who} on {day}: {note}").format(
                decision=disposition_name(current.disposition), who=current.reviewer,
                day=current.decided_at.date().isoformat(), note=current.note), self)
            was.setWordWrap(True)
            layout.addWidget(was)
        layout.addWidget(self._choices(draft[0]))
        note_label = QLabel(self.tr("&Note (required): why, in words another attorney will "
                                    "understand later"), self)
        note_label.setWordWrap(True)
        self.note = _note_box(self, draft[1])
        self.note.setAccessibleName(self.tr("Note"))
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note, 1)
        self.error = QLabel(self)
        self.error.setObjectName("issue")
        self.error.setProperty("level", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = QPushButton(self.tr("&Record decision"), self)
        self.record_button.setDefault(True)
        self.buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.record_button.clicked.connect(self._record)
        self.choice_group.idToggled.connect(self._update)
        self.note.textChanged.connect(self._update)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._record)
        self._update()
        self.resize(self.fontMetrics().horizontalAdvance("M") * 42, self.sizeHint().height())

    def _choices(self, chosen: Disposition | None) -> QGroupBox:
        box = QGroupBox(self.tr("Decision"), self)
        layout = QVBoxLayout(box)
        self.choice_group = QButtonGroup(self)
        texts = {
            Disposition.CONFIRMED: self.tr("&Confirmed: the policy may apply; act on it"),
            Disposition.NOT_APPLICABLE: self.tr(
                "N&ot applicable: the facts do not bring this client under it"),
            Disposition.NEEDS_FACTS: self.tr(
                "Needs more &facts: ask the client or get the documents first"),
        }
        self.choice_buttons: dict[Disposition, QRadioButton] = {}
        for n, disposition in enumerate(FLAG_DISPOSITIONS):
            button = QRadioButton(texts[disposition], box)
            button.setChecked(disposition is chosen)
            self.choice_group.addButton(button, n)
            self.choice_buttons[disposition] = button
            layout.addWidget(button)
        return box

    def choice(self) -> Disposition | None:
        n = self.choice_group.checkedId()
        return FLAG_DISPOSITIONS[n] if n >= 0 else None

    def draft(self) -> Draft:
        """What is typed so far (kept by the page when the dialog is closed with Esc)."""
        return self.choice(), self.note.toPlainText()

    def choose(self, disposition: Disposition) -> None:
        self.choice_buttons[disposition].setChecked(True)

    def show_error(self, message: str) -> None:
        self.error.setText("✖ " + message)
        self.error.show()
        self._set_busy(False)

    def _update(self) -> None:
        ready = self.choice() is not None and bool(self.note.toPlainText().strip())
        self.record_button.setEnabled(ready)
        self.record_button.setToolTip("" if ready else self.tr(
            "Choose a decision and write a note first"))

    def _record(self) -> None:
        choice = self.choice()
        note = self.note.toPlainText().strip()
        if choice is None or not note or not self.record_button.isEnabled():
            return
        self.error.hide()
        self._set_busy(True)
        self.decided.emit(choice, note)

    def _set_busy(self, busy: bool) -> None:
        self.record_button.setEnabled(not busy)
        if not busy:
            self._update()


class SignOffDialog(QDialog):
    """Sign off the whole intake once every flag is decided; the note is optional.

    Signals:
        signed(str): Sign off was pressed; the note (trimmed, may be empty).
    """

    signed = Signal(str)

    def __init__(self, client_name: str, decisions: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign off the review"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Sign off the review of {client}'s intake with these "
                               "decisions:").format(client=client_name), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        listing = QLabel("\n".join(f"• {flag}: {decision}" for flag, decision in decisions),
                         self)
        listing.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(listing)
        note_label = QLabel(self.tr("&Note (optional)"), self)
        self.note = _note_box(self, "")
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        self.error = QLabel(self)
        self.error.setObjectName("issue")
        self.error.setProperty("level", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = QPushButton(self.tr("&Sign off"), self)
        self.sign_button.setDefault(True)
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.sign_button.clicked.connect(self._sign)

    def _sign(self) -> None:
        self.sign_button.setEnabled(False)
        self.signed.emit(self.note.toPlainText().strip())

    def show_error(self, message: str) -> None:
        self.error.setText("✖ " + message)
        self.error.show()
        self.sign_button.setEnabled(True)
