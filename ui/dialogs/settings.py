"""Edit ▸ Settings…: this computer's preferences; the UI language applies at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import LANGUAGES, supported_language


class SettingsDialog(QDialog):
    """The UI language (English / Español), kept for this computer only.

    OK applies and closes; Esc or Cancel changes nothing. Nothing typed anywhere in the app is
    touched: open intakes keep every answer, the window only changes its words.

    Signals:
        language_chosen(str): the user confirmed a language ("en_US", "es_US").
    """

    language_chosen = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox(self)
        self.language.setObjectName("uiLanguage")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(supported_language(language))))
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        self.note = QLabel(self)
        self.note.setObjectName("clientCount")
        self.note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 32)
        self.retranslate()

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def accept(self) -> None:
        super().accept()
        self.language_chosen.emit(self.chosen_language())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.language_label.setText(self.tr("&Language of the screens:"))
        self.language.setAccessibleName(self.tr("Language of the screens"))
        self.note.setText(self.tr(
            "Applies at once, on this computer only. The client's own language is a fact of "
            "the intake and does not change with it."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
