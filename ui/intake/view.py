"""The intake window's layout: sections | questions | live flags, under a quiet header.

It renders the checklist and shows what the controller tells it (progress, checks, flags,
saves); every answer the paralegal gives leaves as an `Edit`. Keyboard: Tab follows reading
order, Enter moves to the next field, Ctrl+S saves now, Ctrl+Enter completes the intake.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import CheckIssue, Checklist, QuestionType, Severity
from clinic_app.domain import FlagLevel
from clinic_app.services.editing import DraftScreening
from ui import assets
from ui.intake.completion import CompletionPanel
from ui.intake.flags_panel import FlagsPanel
from ui.intake.focus_order import apply_tab_order
from ui.intake.places import Place
from ui.intake.rows import QuestionRow
from ui.intake.sections import (
    SectionDelegate,
    SectionListModel,
    SectionPage,
    SectionProgress,
)


class IntakeWindow(QWidget):
    """One open intake.

    Signals:
        edited(Edit): an answer changed.
        save_requested(): Ctrl+S.
        complete_requested(): Ctrl+Enter or the Complete button.
    """

    edited = Signal(object)
    save_requested = Signal()
    complete_requested = Signal()

    def __init__(self, checklist: Checklist, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeWindow")
        self.checklist = checklist
        self.lang = lang
        self._help_row: QuestionRow | None = None
        icons = {"error": assets.icon("issue-error"), "warning": assets.icon("issue-warning")}

        self.banner = QFrame(self)
        self.banner.setObjectName("recoveredBanner")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_close = QPushButton(self.tr("Dismiss"), self.banner)
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.banner_close)
        self.banner.hide()
        self.banner_close.clicked.connect(self.banner.hide)

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.status = QLabel(self)
        self.status.setObjectName("intakeStatus")
        self.saved = QLabel(self)
        self.saved.setObjectName("saveState")
        self.saved.setAccessibleName(self.tr("Save state"))
        self.complete_button = QPushButton(self.tr("Complete intake"), self)
        shortcut = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self.complete_button.setToolTip(self.tr("Check that nothing is missing and complete "
                                                "the intake ({shortcut})").format(
                                                    shortcut=shortcut))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.status)
        header.addWidget(self.saved)
        header.addWidget(self.complete_button)

        self.section_model = SectionListModel(self, done_icon=assets.icon("section-done"),
                                              open_icon=assets.icon("section-open"),
                                              problem_icon=icons["error"])
        self.section_list = QListView(self)
        self.section_list.setObjectName("sectionList")
        self.section_list.setModel(self.section_model)
        self.section_list.setAccessibleName(self.tr("Sections of the intake"))
        self.section_list.setWordWrap(True)
        self.section_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.section_list.setItemDelegate(SectionDelegate(self.section_list))
        self.section_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.setSpacing(max(2, self.fontMetrics().height() // 5))
        self.pages = QStackedWidget(self)
        self.section_pages: dict[str, SectionPage] = {}
        for section in checklist.sections:
            page = SectionPage(checklist, section, lang, icons=icons, parent=self.pages)
            page.edited.connect(self.edited)
            if page.timeline is not None:
                page.timeline.event_selected.connect(lambda _i: self.schedule_tab_order())
            self.pages.addWidget(page)
            self.section_pages[section.id] = page
        self.completion = CompletionPanel(self)
        centre = QWidget(self)
        centre_column = QVBoxLayout(centre)
        centre_column.setContentsMargins(0, 0, 0, 0)
        centre_column.addWidget(self.completion)
        centre_column.addWidget(self.pages, 1)
        self.flags = FlagsPanel({level: assets.icon(f"flag-{level.value}")
                                 for level in FlagLevel}, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for widget in (self.section_list, centre, self.flags):
            self.splitter.addWidget(widget)
        em = self.fontMetrics().horizontalAdvance("M")
        self.section_list.setMinimumWidth(em * 14)
        self.flags.setMinimumWidth(em * 18)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([em * 15, em * 44, em * 28])

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

        self._tab_timer = QTimer(self)
        self._tab_timer.setSingleShot(True)
        self._tab_timer.setInterval(0)
        self._tab_timer.timeout.connect(lambda: apply_tab_order(self))
        self._build_actions()
        self.section_list.selectionModel().currentRowChanged.connect(self._section_changed)
        self.complete_button.clicked.connect(self.complete_requested)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _build_actions(self) -> None:
        self.save_action = QAction(self.tr("Save now"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.complete_action = QAction(self.tr("Complete intake"), self)
        self.complete_action.setShortcuts([QKeySequence("Ctrl+Return"),
                                           QKeySequence("Ctrl+Enter")])
        for action in (self.save_action, self.complete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.save_action.triggered.connect(self.save_requested)
        self.complete_action.triggered.connect(self.complete_requested)

    # -- what the controller shows -------------------------------------------------------------

    def load(self, facts: Mapping[str, Any], visible: set[str]) -> None:
        for page in self.section_pages.values():
            page.load(facts, visible)
        if self.section_list.currentIndex().row() < 0 and self.section_model.rowCount():
            self.show_section(self.checklist.sections[0].id)
        self.schedule_tab_order()

    def refresh(self, facts: Mapping[str, Any], visible: set[str],
                progress: Sequence[SectionProgress], title: str) -> None:
        """After any change: skip logic, lists, progress and the title."""
        for page in self.section_pages.values():
            page.refresh(facts, visible)
        self.section_model.set_sections(progress)
        if self.section_list.currentIndex().row() < 0 and progress:
            self.show_section(progress[0].section_id)
        self.title.setText(title)
        self.schedule_tab_order()

    def rows(self) -> list[QuestionRow]:
        return [row for page in self.section_pages.values() for row in page.rows()]

    def show_issues(self, issues: Sequence[CheckIssue]) -> None:
        """Each check under its answer; events with checks are marked in the timeline."""
        by_path: dict[str, list[CheckIssue]] = {}
        for issue in issues:
            by_path.setdefault(issue.path, []).append(issue)
        for row in self.rows():
            row.show_issues([i for p in row.issue_paths() for i in by_path.get(p, [])])
        for page in self.section_pages.values():
            if page.timeline is None:
                continue
            marks: dict[int, Severity] = {}
            for issue in issues:
                index = _event_index(issue.path)
                if index is not None and marks.get(index) is not Severity.ERROR:
                    marks[index] = issue.severity
            page.timeline.set_problems(marks)
            current = f"events[{page.timeline.current_index}]"
            page.timeline.show_item_issues([i.message(self.lang) for i in by_path.get(current, [])])

    def show_flags(self, screening: DraftScreening, describe: Callable[[str], str],
                   humanize: Callable[[str], str]) -> None:
        self.flags.show_screening(screening, describe=describe, humanize=humanize)
        self.schedule_tab_order()

    def show_recovered(self, message: str) -> None:
        self.banner_text.setText(message)
        self.banner.show()

    # -- navigation ----------------------------------------------------------------------------

    def current_section(self) -> str:
        page = self.pages.currentWidget()
        return page.section.id if isinstance(page, SectionPage) else ""

    def show_section(self, section_id: str) -> None:
        row = self.section_model.row_of(section_id)
        if row < 0:
            return
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.section_list.selectionModel().setCurrentIndex(self.section_model.index(row, 0),
                                                           flags)
        self.pages.setCurrentWidget(self.section_pages[section_id])

    def go_to(self, place: Place) -> QWidget | None:
        """Show the section of `place`, select its event or person, focus the answer."""
        self.show_section(place.section_id)
        page = self.section_pages[place.section_id]
        row: QuestionRow | None = page.question_rows.get(place.question.id)
        if place.item is not None and place.question.type is QuestionType.EVENT_LIST \
                and page.timeline is not None:
            page.timeline.select_event(place.item)
            key = place.key or "date"
            row = next((r for r in page.timeline.rows()
                        if getattr(r.prompt, "key", None) == key), None) \
                or next(iter(page.timeline.rows()), row)
        elif place.item is not None and page.household is not None \
                and place.item < len(page.household.forms):
            rows = page.household.forms[place.item].rows
            row = next((r for r in rows if getattr(r.prompt, "key", None) == place.key),
                       rows[0] if rows else row)
        if row is None:
            return None
        target = row.focus_widget()
        page.ensureWidgetVisible(row)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

    def schedule_tab_order(self) -> None:
        self._tab_timer.start()

    # -- internals -----------------------------------------------------------------------------

    def _section_changed(self) -> None:
        row = self.section_list.currentIndex().row()
        sections = self.section_model.sections()
        if 0 <= row < len(sections):
            self.pages.setCurrentWidget(self.section_pages[sections[row].section_id])
            self.schedule_tab_order()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        row = _row_of(new) if new is not None and self.isAncestorOf(new) else None
        if row is self._help_row:
            return
        if self._help_row is not None:
            with contextlib.suppress(RuntimeError):  # the row was rebuilt meanwhile
                self._help_row.set_help_visible(False)
        self._help_row = row
        if row is not None:
            row.set_help_visible(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter moves on, as on a paper form; editors that use Enter themselves never pass it.
        focus = QApplication.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and isinstance(focus, QLineEdit | QComboBox | QCheckBox | QRadioButton) \
                and self.isAncestorOf(focus):
            self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)


def _row_of(widget: QWidget | None) -> QuestionRow | None:
    while widget is not None and not isinstance(widget, QuestionRow):
        widget = widget.parentWidget()
    return widget


def _event_index(path: str) -> int | None:
    if not path.startswith("events["):
        return None
    digits = path[len("events["):].split("]", 1)[0]
    return int(digits) if digits.isdigit() else None
