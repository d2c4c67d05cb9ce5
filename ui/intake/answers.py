"""One editor per question type, all speaking the same small API.

Every editor emits `value_edited(value)` with the answer as the facts store it: None means not
answered (or "unknown" for yes/no: the key is removed), [] an explicit "none", JSON_NULL an
explicit "no one" where the format allows null. `set_value` shows a stored answer without
emitting anything, so loading an intake never looks like an edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import JSON_NULL, Prompt, QuestionType, normalize_a_number
from ui.intake.date_field import DateField
from ui.intake.names import countries, languages
from ui.intake.pickers import CodeListPicker


class AnswerWidget(QWidget):
    """Base of the simple editors: one focusable control, one value."""

    value_edited = Signal(object)

    def focus_target(self) -> QWidget:
        return self

    def set_accessible(self, name: str, description: str) -> None:
        target = self.focus_target()
        target.setAccessibleName(name)
        target.setAccessibleDescription(description)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


def _column(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class TextAnswer(AnswerWidget):
    """One line of text; an emptied box is "not answered"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        _column(self).addWidget(self.line)
        # textChanged, not textEdited: setText() from a test or a paste counts as an answer;
        # set_value() blocks signals so loading an intake never does.
        self.line.textChanged.connect(self._typed)

    def focus_target(self) -> QWidget:
        return self.line

    def _typed(self, text: str) -> None:
        self.value_edited.emit(text or None)

    def set_value(self, value: Any) -> None:
        self.line.blockSignals(True)
        self.line.setText("" if value is None or value is JSON_NULL else str(value))
        self.line.blockSignals(False)


class NullableTextAnswer(TextAnswer):
    """Text, or the explicit "none" the format keeps as null ("No lawyer or organisation")."""

    def __init__(self, none_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.none_box = QCheckBox(none_label, self)
        self.layout().addWidget(self.none_box)  # type: ignore[union-attr]
        self.none_box.toggled.connect(self._none_toggled)

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self.none_box.blockSignals(True)
        self.none_box.setChecked(value is JSON_NULL)
        self.none_box.blockSignals(False)

    def _typed(self, text: str) -> None:
        if text and self.none_box.isChecked():
            self.none_box.blockSignals(True)
            self.none_box.setChecked(False)
            self.none_box.blockSignals(False)
        super()._typed(text)

    def _none_toggled(self, checked: bool) -> None:
        if checked:
            self.line.clear()
        self.value_edited.emit(JSON_NULL if checked else None)


class LongTextAnswer(AnswerWidget):
    """Several lines; Tab leaves the box (it never types a tab character)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        lines = 4
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * lines
                                   + self.text.fontMetrics().height())
        _column(self).addWidget(self.text)
        self.text.textChanged.connect(self._changed)
        self._loading = False

    def focus_target(self) -> QWidget:
        return self.text

    def set_value(self, value: Any) -> None:
        self._loading = True
        self.text.setPlainText("" if value is None else str(value))
        self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.value_edited.emit(self.text.toPlainText() or None)


class ANumberAnswer(TextAnswer):
    """The A-number: only digits (and A, spaces, dots, dashes as on papers) can be typed, and
    it is written the format's way ("a 012-345-678" -> "A012345678") as you type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pattern = QRegularExpression(r"[Aa]?[0-9 .\-]{0,14}")
        self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
        self.line.setPlaceholderText(self.tr("A012345678"))
        self.line.editingFinished.connect(self._tidy)

    def _typed(self, text: str) -> None:
        self.value_edited.emit(normalize_a_number(text) if text.strip() else None)

    def _tidy(self) -> None:
        text = self.line.text()
        if text.strip() and normalize_a_number(text) != text:
            self.line.blockSignals(True)
            self.line.setText(normalize_a_number(text))
            self.line.blockSignals(False)


class YesNoAnswer(AnswerWidget):
    """Yes / No / Unknown as three radio buttons; Unknown (the key removed) until answered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.yes = QRadioButton(self.tr("Yes"), self)
        self.no = QRadioButton(self.tr("No"), self)
        self.unknown = QRadioButton(self.tr("Unknown"), self)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button, value in ((self.yes, True), (self.no, False), (self.unknown, None)):
            self.group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(lambda on, v=value: self._toggled(on, v))
            button.installEventFilter(self)
        row.addStretch(1)
        self.unknown.setChecked(True)

    def _toggled(self, on: bool, value: bool | None) -> None:
        if on:
            self.value_edited.emit(value)

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else self.unknown

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        for button in (self.yes, self.no, self.unknown):
            button.setAccessibleName(f"{name}: {button.text()}")
            button.setAccessibleDescription(description)

    def set_value(self, value: Any) -> None:
        button = self.yes if value is True else self.no if value is False else self.unknown
        self.group.blockSignals(True)
        for b in (self.yes, self.no, self.unknown):
            b.blockSignals(True)
        button.setChecked(True)
        for b in (self.yes, self.no, self.unknown):
            b.blockSignals(False)
        self.group.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tab lands on the checked answer, not on "Yes": the focus shows what is recorded.
        if isinstance(event, QFocusEvent) and event.type() == QEvent.Type.FocusIn \
                and event.reason() in (Qt.FocusReason.TabFocusReason,
                                       Qt.FocusReason.BacktabFocusReason):
            checked = self.group.checkedButton()
            if checked is not None and checked is not watched:
                checked.setFocus(event.reason())
                return True
        return super().eventFilter(watched, event)


class ChoiceAnswer(AnswerWidget):
    """One of the checklist's choices, or "not answered"."""

    def __init__(self, prompt: Prompt, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("— not answered —"), None)
        for choice in prompt.choices:
            self.combo.addItem(choice.label.get(lang), choice.value)
            if choice.help is not None:
                self.combo.setItemData(self.combo.count() - 1, choice.help.get(lang),
                                       Qt.ItemDataRole.ToolTipRole)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo)
        row.addStretch(1)
        self.combo.currentIndexChanged.connect(
            lambda i: self.value_edited.emit(self.combo.itemData(i)))

    def focus_target(self) -> QWidget:
        return self.combo

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)


class MultiChoiceAnswer(AnswerWidget):
    """Tick every choice that applies, or the explicit "None" where the checklist has one."""

    def __init__(self, prompt: Prompt, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _column(self)
        self.boxes: dict[str, QCheckBox] = {}
        for choice in prompt.choices:
            box = QCheckBox(choice.label.get(lang), self)
            if choice.help is not None:
                box.setToolTip(choice.help.get(lang))
            box.toggled.connect(self._ticked)
            layout.addWidget(box)
            self.boxes[choice.value] = box
        self.none_box: QCheckBox | None = None
        if prompt.empty_label is not None:
            self.none_box = QCheckBox(prompt.empty_label.get(lang), self)
            self.none_box.toggled.connect(self._none_ticked)
            layout.addWidget(self.none_box)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()), self)

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        for box in [*self.boxes.values(), self.none_box]:
            if box is not None:
                box.setAccessibleName(f"{name}: {box.text()}")
                box.setAccessibleDescription(description)

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(key in chosen)
            box.blockSignals(False)
        if self.none_box is not None:
            self.none_box.blockSignals(True)
            self.none_box.setChecked(isinstance(value, list) and not value)
            self.none_box.blockSignals(False)

    def value(self) -> list[str] | None:
        chosen = [key for key, box in self.boxes.items() if box.isChecked()]
        if chosen:
            return chosen
        return [] if self.none_box is not None and self.none_box.isChecked() else None

    def _ticked(self, checked: bool) -> None:
        if checked and self.none_box is not None and self.none_box.isChecked():
            self.none_box.blockSignals(True)
            self.none_box.setChecked(False)
            self.none_box.blockSignals(False)
        self.value_edited.emit(self.value())

    def _none_ticked(self, checked: bool) -> None:
        if checked:
            for box in self.boxes.values():
                box.blockSignals(True)
                box.setChecked(False)
                box.blockSignals(False)
        self.value_edited.emit(self.value())


class CountryAnswer(AnswerWidget):
    """One country, picked by name (the list picker restricted to its first item)."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = CodeListPicker(countries(lang), placeholder=self.tr("Type a country"),
                                     parent=self)
        _column(self).addWidget(self.picker)
        self.picker.value_edited.connect(self._edited)

    def focus_target(self) -> QWidget:
        return self.picker.focus_target()

    def set_value(self, value: Any) -> None:
        self.picker.set_value([value] if isinstance(value, str) else None)

    def _edited(self, codes: object) -> None:
        if isinstance(codes, list) and len(codes) > 1:
            self.picker.set_value(codes[-1:])
            codes = codes[-1:]
        self.value_edited.emit(codes[0] if isinstance(codes, list) and codes else None)


Editor = AnswerWidget | DateField | CodeListPicker


def make_answer(prompt: Prompt, lang: str, parent: QWidget | None = None) -> Editor:
    """The editor for a question or item field (record and event lists have their own)."""
    kind = prompt.type
    if kind is QuestionType.DATE:
        return DateField(prompt, lang, parent)
    if kind is QuestionType.LONG_TEXT:
        return LongTextAnswer(parent)
    if kind is QuestionType.A_NUMBER:
        return ANumberAnswer(parent)
    if kind is QuestionType.YES_NO_UNKNOWN:
        return YesNoAnswer(parent)
    if kind is QuestionType.SINGLE_CHOICE:
        return ChoiceAnswer(prompt, lang, parent)
    if kind is QuestionType.MULTI_CHOICE:
        return MultiChoiceAnswer(prompt, lang, parent)
    if kind is QuestionType.COUNTRY:
        return CountryAnswer(lang, parent)
    empty = prompt.empty_label.get(lang) if prompt.empty_label is not None else ""
    if kind is QuestionType.COUNTRY_LIST:
        return CodeListPicker(countries(lang), empty_label=empty, parent=parent,
                              placeholder=QCoreApplication.translate(
                                  "Answers", "Type a country and press Enter"))
    if kind is QuestionType.LANGUAGE_LIST:
        return CodeListPicker(languages(lang), empty_label=empty, allow_codes=True, parent=parent,
                              placeholder=QCoreApplication.translate(
                                  "Answers", "Type a language and press Enter"))
    if prompt.null_label is not None:
        return NullableTextAnswer(prompt.null_label.get(lang), parent)
    return TextAnswer(parent)
