"""One intake as an attorney reviews it: header and deadlines, then tabs for the flags (each
with its decision), the answers, the border timeline and the history of earlier reviews.

Nothing here edits the intake: an attorney reads it exactly as the paralegal recorded it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import Checklist, parse_path
from clinic_app.domain import FlagLevel
from clinic_app.review import FlagChange, FlagReviewState
from clinic_app.services.reviews import IntakeReview
from ui.deadlines.wording import due_text, kind_name
from ui.intake.flags_panel import FlagCard, level_name
from ui.intake.places import humanize_paths, place_of
from ui.intake.timeline_model import TimelineModel
from ui.review.facts import FactsTableModel, fact_rows, timeline_of
from ui.review.history_model import ReviewHistoryModel, disposition_name

Describe = Callable[[str], str]


def change_text(change: FlagChange, describe: Describe) -> str:
    """"Re-opened by a new screening: level Review → Urgent; edited: Border history ▸ …"."""
    parts = []
    if change.level_before is not None and change.level_before != change.level_now:
        parts.append(QCoreApplication.translate("IntakeReview", "level {old} → {new}").format(
            old=level_name(change.level_before), new=level_name(change.level_now)))
    for text, paths in ((QCoreApplication.translate("IntakeReview", "new facts: {facts}"),
                         change.added),
                        (QCoreApplication.translate("IntakeReview",
                                                    "no longer behind it: {facts}"),
                         change.removed),
                        (QCoreApplication.translate("IntakeReview", "edited: {facts}"),
                         change.edited)):
        if paths:
            parts.append(text.format(facts="; ".join(describe(p) for p in paths)))
    if not parts:
        parts.append(QCoreApplication.translate("IntakeReview", "the flag was screened again"))
    return QCoreApplication.translate("IntakeReview", "Re-opened by a new screening: {what}."
                                      ).format(what="; ".join(parts))


class FlagDecisionCard(QFrame):
    """A flag card (level, title, reason, facts, sources) with where its review stands.

    Signals:
        decide_requested(str): the Decide button; the flag id.
        fact_activated(str): a fact link; its JSON path.
    """

    decide_requested = Signal(str)
    fact_activated = Signal(str)

    def __init__(self, state: FlagReviewState, *, icon: QIcon, describe: Describe,
                 humanize: Describe, can_decide: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.card = FlagCard(state.flag, icon=icon, describe=describe, humanize=humanize,
                             parent=self)
        self.card.fact_activated.connect(self.fact_activated)
        self.status = QLabel(self._status_text(describe), self)
        self.status.setObjectName("issue" if not state.reviewed else "decisionText")
        self.status.setProperty("level", "warning")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.decide_button = QPushButton(
            self.tr("Change decision…") if state.reviewed else self.tr("Decide…"), self)
        self.decide_button.setAccessibleName(self.tr("Decide “{title}”").format(
            title=state.flag.title))
        self.decide_button.setVisible(can_decide)
        self.decide_button.clicked.connect(lambda: self.decide_requested.emit(state.flag.id))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.decide_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card)
        layout.addLayout(row)

    def _status_text(self, describe: Describe) -> str:
        s = self.state
        if s.current is not None:
            c = s.current
            return self.tr("✔ {decision} — {note} ({who}, {day})").format(
                decision=disposition_name(c.disposition), note=c.note, who=c.reviewer,
                day=c.decided_at.date().isoformat())
        if s.reopened and s.change is not None:
            return "⚠ " + change_text(s.change, describe)
        return "⚠ " + self.tr("Not decided yet.")


class IntakeReviewPanel(QWidget):
    """Shows one `IntakeReview`; the page reacts to its signals.

    Signals:
        decide_requested(str): decide this flag.
        sign_off_requested(): sign off the whole intake.
    """

    decide_requested = Signal(str)
    sign_off_requested = Signal()

    def __init__(self, icons: Mapping[FlagLevel, QIcon], *, checklist: Checklist | None,
                 lang: str, can_decide: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._checklist = checklist
        self._lang = lang
        self._can_decide = can_decide
        self.review: IntakeReview | None = None
        self.cards: list[FlagDecisionCard] = []
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("sectionHelp")
        self.subtitle.setWordWrap(True)
        self.deadlines = QLabel(self)
        self.deadlines.setWordWrap(True)
        self.deadlines.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget(self)
        self.flags_body = QWidget()
        self.flags_box = QVBoxLayout(self.flags_body)
        self.flags_box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.flags_body)
        self.facts_model = FactsTableModel(self)
        self.facts_table = _table(self, self.facts_model, stretch=2)
        self.timeline_model = TimelineModel(self)
        self.timeline_table = _table(self, self.timeline_model, stretch=1)
        self.history_model = ReviewHistoryModel(self)
        self.history_table = _table(self, self.history_model, stretch=4)
        self.tabs.addTab(scroll, self.tr("&Flags"))
        self.tabs.addTab(self.facts_table, self.tr("&Answers"))
        self.tabs.addTab(self.timeline_table, self.tr("&Border timeline"))
        self.tabs.addTab(self.history_table, self.tr("&History"))
        self.sign_state = QLabel(self)
        self.sign_state.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("&Sign off intake…"), self)
        self.sign_button.setVisible(can_decide)
        self.sign_button.clicked.connect(self.sign_off_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.sign_state, 1)
        bottom.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.subtitle, self.deadlines):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def describe(self, path: str) -> str:
        if self._checklist is None or self.review is None:
            return path
        place = place_of(self._checklist, self.review.facts, path, self._lang)
        return place.label if place is not None else path

    def humanize(self, text: str) -> str:
        if self._checklist is None or self.review is None:
            return text
        return humanize_paths(text, self._checklist, self.review.facts, self._lang)

    def card(self, flag_id: str) -> FlagDecisionCard | None:
        return next((c for c in self.cards if c.state.flag.id == flag_id), None)

    def show_review(self, review: IntakeReview, today: date) -> None:
        self.review = review
        self.title.setText(review.client_name)
        status = self.tr("complete") if review.status.value == "complete" else self.tr("draft")
        screened = review.screened_as_of.isoformat() if review.screened_as_of else "—"
        self.subtitle.setText(self.tr("Intake {status}, screened as of {day} with {pack}. "
                                      "Read-only: the paralegal changes the answers.").format(
            status=status, day=screened, pack=review.rule_pack or self.tr("no rule pack")))
        lines = [f"• {kind_name(d.kind, d.detail)}: {due_text(d, today)}"
                 for d in review.deadlines]
        self.deadlines.setText(self.tr("Deadlines:") + "\n" + "\n".join(lines) if lines
                               else self.tr("No deadline recorded."))
        self._show_flags()
        self.facts_model.set_rows(fact_rows(review.facts, self._checklist, self._lang))
        self.timeline_model.set_rows(timeline_of(review.facts, self._checklist, self._lang))
        self.history_model.set_rows(review.state.history)
        for table in (self.facts_table, self.timeline_table):
            table.resizeRowsToContents()
        self._show_sign_state()

    def _show_flags(self) -> None:
        assert self.review is not None
        for card in self.cards:
            self.flags_box.removeWidget(card)
            card.deleteLater()
        self.cards = []
        states = sorted(self.review.state.flags,
                        key=lambda s: (s.reviewed, -s.flag.level.rank))
        for n, state in enumerate(states):
            card = FlagDecisionCard(state, icon=self._icons[state.flag.level],
                                    describe=self.describe, humanize=self.humanize,
                                    can_decide=self._can_decide, parent=self.flags_body)
            card.decide_requested.connect(self.decide_requested)
            card.fact_activated.connect(self.show_fact)
            self.flags_box.insertWidget(n, card)
            self.cards.append(card)

    def _show_sign_state(self) -> None:
        assert self.review is not None
        state = self.review.state
        if state.sign_off is not None:
            s = state.sign_off
            text = self.tr("✔ Signed off by {who} on {day}.").format(
                who=s.reviewer, day=s.decided_at.date().isoformat())
        elif state.unreviewed:
            text = self.tr("{n} of {total} flags still to decide before sign-off.").format(
                n=len(state.unreviewed), total=len(state.flags))
        else:
            text = self.tr("Every flag is decided: ready to sign off.")
        self.sign_state.setText(text)
        self.sign_button.setEnabled(state.can_sign_off)

    def show_fact(self, path: str) -> None:
        """A fact link: the event on the timeline, or the answer among the answers."""
        steps = parse_path(path) if path else []
        if len(steps) >= 2 and steps[0] == "events" and isinstance(steps[1], int):
            row = self.timeline_model.row_of(steps[1])
            if row >= 0:
                self.tabs.setCurrentWidget(self.timeline_table)
                self.timeline_table.selectRow(row)
                self.timeline_table.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        row = self.facts_model.row_of(path)
        if row >= 0:
            self.tabs.setCurrentWidget(self.facts_table)
            self.facts_table.selectRow(row)
            self.facts_table.setFocus(Qt.FocusReason.OtherFocusReason)


def _table(parent: QWidget, model: QAbstractItemModel, *, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
