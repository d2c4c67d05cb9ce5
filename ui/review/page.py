"""The Review page (attorneys): the queue by urgency, and the chosen intake with its decisions.

Every service call runs on the TaskRunner; a dialog that recorded nothing keeps what the
attorney typed (Esc, a failure), so a decision is never typed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import Checklist
from clinic_app.domain import Disposition, FlagLevel
from clinic_app.review import ReviewState
from clinic_app.services import ReviewQueries
from clinic_app.services.reviews import IntakeReview, ReviewQueueItem
from ui import assets
from ui.intake.flags_panel import first_sentence
from ui.intake.places import ui_language
from ui.review.disposition_dialog import DispositionDialog, Draft, SignOffDialog
from ui.review.history_model import disposition_name
from ui.review.intake_panel import IntakeReviewPanel, change_text
from ui.review.queue_model import DTO_ROLE, QueueColumn, ReviewQueueModel
from ui.workers import TaskRunner


class ReviewPageView(QWidget):
    """The queue on the left, the chosen intake on the right."""

    def __init__(self, model: ReviewQueueModel, panel: IntakeReviewPanel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Review"), self)
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr("Intakes with flags no attorney has decided, most urgent first: "
                               "nearest deadline, then urgent flags, then the longest "
                               "waiting."), self)
        intro.setObjectName("sectionHelp")
        intro.setWordWrap(True)
        self.status = QLabel(self)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.table = QTableView(self)
        self.table.setObjectName("reviewQueue")
        self.table.setAccessibleName(self.tr("Review queue"))
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QueueColumn.CLIENT, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("Choose an intake in the queue (Enter opens it)."), self)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.panel = panel
        self.detail = QStackedWidget(self)
        self.detail.addWidget(self.empty)
        self.detail.addWidget(panel)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 9)
        self.splitter.setStretchFactor(1, 11)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)


class ReviewPage(QObject):
    """Controller of the Review page.

    Signals:
        loaded(int): the queue was (re)loaded; how many intakes wait.
        opened(str): an intake is shown; its id.
        decided(str): a decision was stored; the flag id ("" for a sign-off).
    """

    loaded = Signal(int)
    opened = Signal(str)
    decided = Signal(str)

    def __init__(self, reviews: ReviewQueries, runner: TaskRunner, *,
                 checklist: Checklist | None = None, can_decide: bool = True,
                 today: Callable[[], date] = date.today, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reviews = reviews
        self._runner = runner
        self._today = today
        self._icons = {level: assets.icon(f"flag-{level.value}") for level in FlagLevel}
        self._drafts: dict[tuple[str, str], Draft] = {}
        self.dialog: DispositionDialog | None = None
        self.sign_dialog: SignOffDialog | None = None
        self.model = ReviewQueueModel(self, icons={"urgent": self._icons[FlagLevel.URGENT]})
        self.panel = IntakeReviewPanel(self._icons, checklist=checklist, lang=ui_language(),
                                       can_decide=can_decide)
        self.view = ReviewPageView(self.model, self.panel)
        self.view.refresh_button.clicked.connect(self.refresh)
        self.view.table.activated.connect(self._activated)
        self.view.table.clicked.connect(self._activated)
        self.panel.decide_requested.connect(self.decide)
        self.panel.sign_off_requested.connect(self.sign_off)

    @property
    def review(self) -> IntakeReview | None:
        return self.panel.review

    # -- the queue -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.view.status.setText(self.tr("Loading…"))
        self._runner.run(self._reviews.queue, on_success=self._loaded,
                         on_failure=self.view.status.setText,
                         action=self.tr("loading the review queue"))

    def _loaded(self, items: list[ReviewQueueItem]) -> None:
        shown = self.review.intake_id if self.review else None
        self.model.set_items(items, self._today())
        waiting = sum(1 for i in items if not i.ready_to_sign_off)
        self.view.status.setText(self.tr("{n} to review").format(n=waiting))
        row = self.model.row_of(shown) if shown else -1
        if row >= 0:
            self.view.table.selectRow(row)
        self.loaded.emit(len(items))

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(DTO_ROLE)
        if isinstance(item, ReviewQueueItem):
            self.open_intake(item.intake_id)

    def open_intake(self, intake_id: str) -> None:
        reviews = self._reviews
        self._runner.run(lambda: reviews.open_review(intake_id), on_success=self._opened,
                         on_failure=self.view.status.setText,
                         action=self.tr("opening the intake"))

    def _opened(self, review: IntakeReview) -> None:
        self.panel.show_review(review, self._today())
        self.view.detail.setCurrentWidget(self.panel)
        self.opened.emit(review.intake_id)

    # -- deciding --------------------------------------------------------------------------------

    def decide(self, flag_id: str) -> DispositionDialog | None:
        """Open the decision dialog for a flag of the shown intake (the draft is kept)."""
        review = self.review
        state = review.state.flag(flag_id) if review else None
        if review is None or state is None:
            return None
        key = (review.intake_id, flag_id)
        changed = (change_text(state.change, self.panel.describe)
                   if state.reopened and state.change is not None else "")
        dialog = DispositionDialog(
            state.flag, icon=self._icons[state.flag.level],
            summary=self.panel.humanize(first_sentence(state.flag.reason)), changed=changed,
            current=state.current or state.last, draft=self._drafts.get(key, (None, "")),
            parent=self.view)
        basis = state.basis
        dialog.decided.connect(
            lambda disposition, note: self._record(dialog, key, disposition, note, basis))

        def keep_draft() -> None:
            self._drafts[key] = dialog.draft()

        dialog.rejected.connect(keep_draft)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _record(self, dialog: DispositionDialog, key: tuple[str, str],
                disposition: Disposition, note: str, basis: str) -> None:
        intake_id, flag_id = key
        reviews = self._reviews
        self._runner.run(
            lambda: reviews.record(intake_id, flag_id, disposition, note, basis=basis),
            on_success=lambda state: self._recorded(dialog, key, state),
            on_failure=dialog.show_error, action=self.tr("recording the decision"))

    def _recorded(self, dialog: DispositionDialog, key: tuple[str, str],
                  state: ReviewState) -> None:
        self._drafts.pop(key, None)
        dialog.accept()
        self._after_decision(state, key[1])

    def sign_off(self) -> SignOffDialog | None:
        review = self.review
        if review is None or not review.state.can_sign_off:
            return None
        decisions = [(s.flag.id, disposition_name(s.current.disposition))
                     for s in review.state.flags if s.current is not None]
        dialog = SignOffDialog(review.client_name, decisions, parent=self.view)
        intake_id, reviews = review.intake_id, self._reviews

        def signed(state: ReviewState) -> None:
            dialog.accept()
            self._after_decision(state, "")

        dialog.signed.connect(lambda note: self._runner.run(
            lambda: reviews.sign_off(intake_id, note), on_success=signed,
            on_failure=dialog.show_error, action=self.tr("signing off")))
        self.sign_dialog = dialog
        dialog.open()
        return dialog

    def _after_decision(self, state: ReviewState, flag_id: str) -> None:
        if self.review is not None and self.review.intake_id == state.intake_id:
            self.open_intake(state.intake_id)  # history, deadlines and cards as stored now
        self.refresh()
        self.decided.emit(flag_id)
