"""The checklist's sections: the list on the left (with progress) and one page of questions each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import Checklist, QuestionType, Section, get_answer, is_answered
from ui.intake.household import HouseholdEditor
from ui.intake.rows import QuestionRow
from ui.intake.timeline import TimelineEditor

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `SectionProgress`."""

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SectionProgress:
    """One section in the list: answered of the questions asked now (skip logic applied)."""

    section_id: str
    title: str
    answered: int
    total: int
    problems: int = 0  # answers with an error in this section

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


class SectionListModel(QAbstractListModel):
    """Sections in interview order; progress updates in place so the selection stays put."""

    def __init__(self, parent: QObject | None = None, *, done_icon: QIcon | None = None,
                 open_icon: QIcon | None = None, problem_icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SectionProgress] = []
        self._done_icon = done_icon or QIcon()
        self._open_icon = open_icon or QIcon()
        self._problem_icon = problem_icon or QIcon()

    def set_sections(self, rows: Sequence[SectionProgress]) -> None:
        rows = list(rows)
        if [r.section_id for r in rows] != [r.section_id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        for i, row in enumerate(rows):
            if row != self._rows[i]:
                self._rows[i] = row
                index = self.index(i, 0)
                self.dataChanged.emit(index, index)

    def sections(self) -> list[SectionProgress]:
        return list(self._rows)

    def row_of(self, section_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.section_id == section_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DTO_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            mark = " ✓" if row.complete else ""
            return f"{row.title}\n{row.answered}/{row.total}{mark}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = (self.tr("complete") if row.complete
                     else self.tr("{answered} of {total} answered").format(
                         answered=row.answered, total=row.total))
            if row.problems:
                state += ", " + self.tr("{count} to fix").format(count=row.problems)
            return f"{row.title}: {state}"
        if role == Qt.ItemDataRole.DecorationRole:
            if row.problems:
                return self._problem_icon
            return self._done_icon if row.complete else self._open_icon
        if role == Qt.ItemDataRole.ToolTipRole and row.problems:
            return self.tr("{count} answers to fix in this section").format(count=row.problems)
        return None


class SectionDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text: long Spanish titles are never cut off."""

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QAbstractItemView):
            return hint
        metrics = option.fontMetrics
        icon = view.iconSize().width()
        if icon <= 0:
            icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        width = max(view.viewport().width() - icon - metrics.horizontalAdvance("M") * 4, 1)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                    int(Qt.TextFlag.TextWordWrap), text)
        return QSize(hint.width(), max(hint.height(), rect.height() + metrics.height() * 2 // 3))


class SectionPage(QScrollArea):
    """The questions of one section, top to bottom in interview order."""

    edited = Signal(object)  # Edit

    def __init__(self, checklist: Checklist, section: Section, lang: str, *,
                 icons: Mapping[str, QIcon] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self)
        body.setObjectName("sectionBody")
        layout = QVBoxLayout(body)
        title = QLabel(section.title.get(lang), body)
        title.setObjectName("sectionTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        if section.help is not None:
            about = QLabel(section.help.get(lang), body)
            about.setObjectName("sectionHelp")
            about.setWordWrap(True)
            layout.addWidget(about)
        self.question_rows: dict[str, QuestionRow] = {}
        self.timeline: TimelineEditor | None = None
        self.household: HouseholdEditor | None = None
        for question in section.questions:
            editor: QWidget | None = None
            if question.type is QuestionType.EVENT_LIST:
                self.timeline = TimelineEditor(checklist, question, lang, icons=icons,
                                               parent=body)
                self.timeline.edited.connect(self.edited)
                editor = self.timeline
            elif question.type is QuestionType.RECORD_LIST:
                self.household = HouseholdEditor(checklist, question, lang, parent=body)
                self.household.edited.connect(self.edited)
                editor = self.household
            if editor is not None:
                row = QuestionRow(question, question.path, lang, editor=_ListHolder(editor),
                                  parent=body)
            else:
                row = QuestionRow(question, question.path, lang, parent=body)
                row.edited.connect(self.edited)
            self.question_rows[question.id] = row
            layout.addWidget(row)
        layout.addStretch(1)
        self.setWidget(body)

    def rows(self) -> list[QuestionRow]:
        """Every answer row on the page, item fields included."""
        out = list(self.question_rows.values())
        if self.timeline is not None:
            out += self.timeline.rows()
        if self.household is not None:
            out += self.household.rows()
        return out

    def load(self, facts: Mapping[str, Any], visible: set[str]) -> None:
        """Show the stored answers (used when the intake opens or is rebuilt)."""
        for row in self.question_rows.values():
            row.load(facts)
        self.refresh(facts, visible)

    def refresh(self, facts: Mapping[str, Any], visible: set[str]) -> None:
        """Apply skip logic after an answer changed; the lists follow the new facts."""
        for question_id, row in self.question_rows.items():
            shown = question_id in visible
            answered = _answered(facts, row.path)
            row.setVisible(shown or answered)
            row.set_kept(not shown and answered)
        if self.timeline is not None:
            self.timeline.load(facts)
        if self.household is not None:
            self.household.load(facts)


def _answered(facts: Mapping[str, Any], path: str) -> bool:
    return is_answered(get_answer(facts, path))


class _ListHolder(QWidget):
    """Lets a list editor sit in a QuestionRow (label and help above it) while it emits its
    own edits; the row's value API is a no-op for it."""

    value_edited = Signal(object)

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)

    def focus_target(self) -> QWidget:
        target = getattr(self.editor, "focus_target", None)
        widget = target() if callable(target) else None
        return widget if isinstance(widget, QWidget) else self.editor

    def set_value(self, value: Any) -> None:
        del value  # the list editor loads itself from the facts
