"""The household: one small form per person who travelled with the client or lives with them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import Checklist, Question, visible_fields
from ui.intake.places import item_name
from ui.intake.rows import Edit, QuestionRow


class MemberForm(QGroupBox):
    """One household member's fields, with a button to remove the member."""

    def __init__(self, question: Question, index: int, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        layout = QVBoxLayout(self)
        self.rows = [QuestionRow(field, f"{question.path}[{index}].{field.key}", lang,
                                 parent=self) for field in question.fields]
        for question_row in self.rows:
            layout.addWidget(question_row)
        self.remove_button = QPushButton(self.tr("Remove this person"), self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)


class HouseholdEditor(QWidget):
    """Add and remove household members; each member's answers are edited in place.

    Signals:
        edited(Edit): a member's answer changed, or the list itself (path "household").
    """

    edited = Signal(object)

    def __init__(self, checklist: Checklist, question: Question, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._checklist = checklist
        self._question = question
        self._lang = lang
        self._facts: Mapping[str, Any] = {}
        self._members: list[Any] = []
        self.forms: list[MemberForm] = []
        item = (question.item_label or question.label).get(lang)
        self.add_button = QPushButton(self.tr("&Add a person ({item})").format(item=item), self)
        self.none_box: QCheckBox | None = None
        if question.empty_label is not None:
            self.none_box = QCheckBox(question.empty_label.get(lang), self)
            self.none_box.toggled.connect(self._none_toggled)
        self.empty_label = QLabel(self.tr("No one added yet."), self)
        self.empty_label.setObjectName("emptyState")
        self._forms_box = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._forms_box)
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        if self.none_box is not None:
            layout.addWidget(self.none_box)
        self.add_button.clicked.connect(self.add_member)

    def rows(self) -> list[QuestionRow]:
        return [r for form in self.forms for r in form.rows]

    def focus_target(self) -> QWidget:
        return self.forms[0].rows[0].focus_widget() if self.forms else self.add_button

    def load(self, facts: Mapping[str, Any]) -> None:
        """Show these facts; the forms are rebuilt only when people were added or removed."""
        self._facts = facts
        members = facts.get(self._question.path)
        self._members = list(members) if isinstance(members, list) else []
        if len(self.forms) != len(self._members):
            self._rebuild()
        for index, form in enumerate(self.forms):
            form.setTitle(item_name(self._checklist, self._question, self._members[index],
                                    index, self._lang))
            path = f"{self._question.path}[{index}]"
            shown = {f.key for f in visible_fields(self._checklist, facts, path)}
            for question_row in form.rows:
                key = str(getattr(question_row.prompt, "key", ""))
                member = self._members[index]
                answered = isinstance(member, Mapping) and member.get(key) is not None
                question_row.setVisible(key in shown or answered)
                question_row.set_kept(key not in shown and answered)
        self.empty_label.setVisible(not self._members)
        if self.none_box is not None:
            self.none_box.setVisible(not self._members)
            self.none_box.blockSignals(True)
            self.none_box.setChecked(isinstance(members, list) and not members)
            self.none_box.blockSignals(False)

    def add_member(self) -> None:
        self.edited.emit(Edit(self._question.path, [*self._members, {}]))
        if self.forms:
            self.forms[-1].rows[0].focus_editor()

    def remove_member(self, index: int) -> None:
        remaining = self._members[:index] + self._members[index + 1:]
        self.edited.emit(Edit(self._question.path, remaining))

    def _rebuild(self) -> None:
        for form in self.forms:
            self._forms_box.removeWidget(form)
            form.deleteLater()
        self.forms = []
        for index in range(len(self._members)):
            form = MemberForm(self._question, index, self._lang, self)
            form.remove_button.clicked.connect(lambda _=False, i=index: self.remove_member(i))
            for question_row in form.rows:
                question_row.edited.connect(self.edited)
                question_row.load(self._facts)
            self._forms_box.addWidget(form)
            self.forms.append(form)

    def _none_toggled(self, checked: bool) -> None:
        self.edited.emit(Edit(self._question.path, [] if checked else None))
