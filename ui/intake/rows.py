"""One question on screen: its label, the editor, help shown while it has the focus, and what
is wrong with the answer in plain words right under it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clinic_app.checklist import (
    CheckIssue,
    Prompt,
    QuestionType,
    Severity,
    get_answer,
    get_date_entry,
)
from ui.intake.answers import make_answer
from ui.intake.date_field import DateField


@dataclass(frozen=True)
class Edit:
    """An answer the paralegal changed. `dates`: `value` holds the date keys of the object at
    `path` (an event), to be written with set_date_entry; otherwise set_answer at `path`."""

    path: str
    value: Any
    dates: bool = False


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed (issue level, focus)."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class QuestionRow(QWidget):
    """A question or an item field, bound to its facts path.

    Signals:
        edited(Edit): the paralegal changed the answer.
    """

    edited = Signal(object)

    def __init__(self, prompt: Prompt, path: str, lang: str, *,
                 editor: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionRow")
        self.prompt = prompt
        self.path = path
        self.lang = lang
        # An event's date writes several keys of the event itself (date, date_to, ...).
        self.dates = prompt.type is QuestionType.DATE and prompt.range
        self.item_path = path.rsplit(".", 1)[0] if self.dates else path

        self.label = QLabel(prompt.label.get(lang), self)
        self.label.setObjectName("questionLabel")
        self.label.setWordWrap(True)
        self.editor = editor if editor is not None else make_answer(prompt, lang, self)
        help_text = prompt.help.get(lang) if prompt.help is not None else ""
        self.help = QLabel(help_text, self)
        self.help.setObjectName("questionHelp")
        self.help.setWordWrap(True)
        self.help.hide()
        self.kept = QLabel(self.tr("Not asked for this client any more; the answer is kept. "
                                   "Clear it if it no longer applies."), self)
        self.kept.setObjectName("keptNote")
        self.kept.setWordWrap(True)
        self.kept.hide()
        self.issues = QLabel(self)
        self.issues.setObjectName("issue")
        self.issues.setWordWrap(True)
        self.issues.setTextFormat(Qt.TextFormat.PlainText)
        self.issues.hide()

        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() // 3
        layout.setContentsMargins(0, margin, 0, margin)
        layout.setSpacing(max(2, margin // 2))
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        layout.addWidget(self.help)
        layout.addWidget(self.kept)
        layout.addWidget(self.issues)

        focus = self.focus_widget()
        self.label.setBuddy(focus)
        set_accessible = getattr(self.editor, "set_accessible", None)
        if callable(set_accessible):
            set_accessible(prompt.label.get(lang), help_text)
        self.editor.value_edited.connect(self._edited)  # type: ignore[attr-defined]

    # -- API ---------------------------------------------------------------------------------

    def focus_widget(self) -> QWidget:
        target = getattr(self.editor, "focus_target", None)
        widget = target() if callable(target) else self.editor
        return widget if isinstance(widget, QWidget) else self.editor

    def focus_editor(self) -> None:
        self.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def load(self, facts: Mapping[str, Any]) -> None:
        """Show the stored answer (no edit is emitted)."""
        value = (get_date_entry(facts, self.item_path) if self.dates
                 else get_answer(facts, self.path))
        self.editor.set_value(value)  # type: ignore[attr-defined]

    def set_help_visible(self, visible: bool) -> None:
        self.help.setVisible(visible and bool(self.help.text()))

    def set_kept(self, kept: bool) -> None:
        self.kept.setVisible(kept)

    def issue_paths(self) -> tuple[str, ...]:
        """Paths whose checks are shown here (an event date also answers for date_to etc.)."""
        return (self.path,)

    def show_issues(self, issues: Sequence[CheckIssue]) -> None:
        """The checks of this answer, errors first; a date the field already explains is not
        repeated."""
        if isinstance(self.editor, DateField) and self.editor.has_parse_error:
            issues = [i for i in issues if i.code != "answer"]
        ordered = sorted(issues, key=lambda i: i.severity is not Severity.ERROR)
        lines = [("✖ " if i.severity is Severity.ERROR else "⚠ ") + i.message(self.lang)
                 for i in ordered]
        self.issues.setText("\n".join(lines))
        self.issues.setVisible(bool(lines))
        level = ("error" if any(i.severity is Severity.ERROR for i in ordered)
                 else "warning" if ordered else "")
        if self.issues.property("level") != level:
            self.issues.setProperty("level", level)
            restyle(self.issues)
        self.focus_widget().setAccessibleDescription(
            " ".join([*lines, self.help.text()]).strip())

    def _edited(self, value: object) -> None:
        self.edited.emit(Edit(self.item_path if self.dates else self.path, value, self.dates))
