"""The dialog shown instead of the main window when the store cannot be opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class StoreErrorDialog(QDialog):
    """Says what is wrong and where (`message`, which names the path) and what to do (`detail`).

    The text is selectable and copyable so the path can be pasted into a help request; there
    is never a traceback here (the composition root logs it).
    """

    def __init__(self, message: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Clinic Intake cannot open its data"))

        side = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, self)
        picture = QLabel(self)
        picture.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical, None, self).pixmap(side, side))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)

        heading = QLabel(self.tr("The clinic's data could not be opened."), self)
        heading.setObjectName("pageTitle")
        self.message_label = self._text(message)
        self.detail_label = self._text(detail)
        self.reassurance = QLabel(self.tr(
            "Nothing was changed. Clinic Intake will close now; start it again once this is "
            "fixed."), self)
        self.reassurance.setWordWrap(True)

        words = QVBoxLayout()
        words.addWidget(heading)
        words.addWidget(self.message_label)
        words.addWidget(self.detail_label)
        words.addWidget(self.reassurance)
        body = QHBoxLayout()
        body.addWidget(picture)
        body.addLayout(words, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(self.tr("&Copy message"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)

    def text(self) -> str:
        return "\n\n".join(t for t in (self.message_label.text(), self.detail_label.text()) if t)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def _text(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a path with "<" must not become markup
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setVisible(bool(text))
        return label
