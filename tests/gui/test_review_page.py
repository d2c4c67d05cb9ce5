"""The Review page: the queue by urgency, an intake read-only, deciding flags and signing off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from clinic_app.domain import Disposition
from clinic_app.errors import StoreError
from clinic_app.services.reviews import ReviewQueueItem
from ui.review.disposition_dialog import DispositionDialog
from ui.review.page import ReviewPage
from ui.review.queue_model import DTO_ROLE, QueueColumn
from ui.workers import TaskRunner

from .casework_fakes import TODAY, CaseworkStore
from .keys import type_text


@pytest.fixture
def store() -> CaseworkStore:
    return CaseworkStore(("s02", "s10", "s16", "s21"))


@pytest.fixture
def page(qtbot, store: CaseworkStore) -> Iterator[ReviewPage]:
    runner = TaskRunner()
    page = ReviewPage(store.reviews, runner, today=lambda: TODAY)
    qtbot.addWidget(page.view)
    page.view.resize(1200, 700)
    page.view.show()
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    yield page
    runner.shutdown()


def open_row(qtbot, page: ReviewPage, intake_id: str) -> None:
    index = page.model.index(page.model.row_of(intake_id), 0)
    page.view.table.setCurrentIndex(index)
    with qtbot.waitSignal(page.opened):
        page.view.table.activated.emit(index)


def test_the_queue_lists_the_most_urgent_first(qtmodeltester, page: ReviewPage,
                                               store: CaseworkStore) -> None:
    qtmodeltester.check(page.model)
    items = page.model.items()
    assert [i.intake_id for i in items] == [i.intake_id for i in store.service.queue()]
    assert items[0].intake_id == store.ids["s02"]  # one-year deadline passed in 2024
    assert items[-1].intake_id == store.ids["s21"]  # no deadline at all
    first = page.model.index(0, QueueColumn.NEXT_DEADLINE).data()
    assert first.startswith("One-year filing\n2024-08-15 · ")
    assert first.endswith("days overdue")
    assert page.model.index(0, QueueColumn.TO_DECIDE).data().endswith("\n1 urgent")
    assert page.model.index(3, QueueColumn.NEXT_DEADLINE).data() == "No deadline"
    assert page.model.index(0, QueueColumn.CLIENT).data().startswith("Luis Alberto")
    assert page.view.status.text() == "4 to review"


def test_opening_an_intake_shows_it_read_only(qtbot, qtmodeltester, page: ReviewPage,
                                              store: CaseworkStore) -> None:
    open_row(qtbot, page, store.ids["s10"])  # Kevin: the unaccompanied child
    panel = page.panel
    assert panel.title.text().startswith("Kevin")
    assert "Unaccompanied child turns 18: 2026-11-12" in panel.deadlines.text()
    assert {c.state.flag.id for c in panel.cards} >= {"UAC-STATUS", "ONE-YEAR"}
    for model in (panel.facts_model, panel.timeline_model, panel.history_model):
        qtmodeltester.check(model)
    assert panel.facts_model.rowCount() > 3 and panel.timeline_model.rowCount() == 1
    assert not panel.sign_button.isEnabled()
    assert "intake.viewed" in [a for a, _, _ in store.data.audit]
    # A fact link goes to that event on the border timeline.
    card = panel.card("UAC-STATUS")
    assert card is not None
    card.card.fact_activated.emit("events[0]")
    assert panel.tabs.currentWidget() is panel.timeline_table
    assert panel.timeline_table.currentIndex().row() == 0


def test_a_decision_is_recorded_and_shown(qtbot, page: ReviewPage, store: CaseworkStore) -> None:
    open_row(qtbot, page, store.ids["s21"])  # Tenzin: CONFIDENTIALITY only
    dialog = page.decide("CONFIDENTIALITY")
    assert isinstance(dialog, DispositionDialog)
    assert not dialog.record_button.isEnabled()
    dialog.choose(Disposition.CONFIRMED)
    type_text(dialog.note, "Never contact the consulate; the brother is a monk in Lhasa.")
    assert dialog.record_button.isEnabled()
    with qtbot.waitSignal(page.decided), qtbot.waitSignal(page.opened):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == DispositionDialog.DialogCode.Accepted
    card = page.panel.card("CONFIDENTIALITY")
    assert card is not None and card.status.text().startswith("✔ Confirmed — Never contact")
    assert page.panel.history_model.rowCount() == 1
    assert page.panel.sign_button.isEnabled()
    qtbot.waitUntil(lambda: store.ids["s21"] in [
        i.intake_id for i in page.model.items() if i.ready_to_sign_off])

    sign = page.sign_off()
    assert sign is not None
    with qtbot.waitSignal(page.decided), qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(sign.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel.sign_state.text().startswith("✔ Signed off by Alma Ruiz"))
    assert store.ids["s21"] not in [i.intake_id for i in page.model.items()]


def test_esc_keeps_the_draft_and_a_failure_keeps_the_dialog(qtbot, page: ReviewPage,
                                                            store: CaseworkStore) -> None:
    open_row(qtbot, page, store.ids["s21"])
    dialog = page.decide("CONFIDENTIALITY")
    assert dialog is not None
    dialog.choose(Disposition.NEEDS_FACTS)
    type_text(dialog.note, "Ask about the school's request.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    again = page.decide("CONFIDENTIALITY")
    assert again is not None and again.draft() == (Disposition.NEEDS_FACTS,
                                                   "Ask about the school's request.")
    store.reviews.error = StoreError("the store at /tmp/clinic.db cannot be written")
    qtbot.mouseClick(again.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(again.error.isVisible)
    assert "cannot be written" in again.error.text() and again.isVisible()
    assert again.record_button.isEnabled() and store.data.reviews == []


def test_a_reopened_flag_says_what_changed(qtbot, page: ReviewPage,
                                           store: CaseworkStore) -> None:
    import copy

    from clinic_app.domain import IntakeDocument

    intake_id = store.ids["s21"]
    store.service.record(intake_id, "CONFIDENTIALITY", Disposition.CONFIRMED, "Seen.")
    facts = copy.deepcopy(dict(store.data.intakes[intake_id].document.facts))
    facts["confidentiality_risks"] = ["media"]
    store.intakes.save_intake(intake_id, IntakeDocument(facts))
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    row = page.model.row_of(intake_id)
    item = page.model.index(row, 0).data(DTO_ROLE)
    assert isinstance(item, ReviewQueueItem) and item.reopened == 1
    assert "1 re-opened" in page.model.index(row, QueueColumn.TO_DECIDE).data()
    open_row(qtbot, page, intake_id)
    card = page.panel.card("CONFIDENTIALITY")
    assert card is not None
    assert "Re-opened by a new screening" in card.status.text()
    assert "level Urgent → Review" in card.status.text()
    dialog = page.decide("CONFIDENTIALITY")
    assert dialog is not None and dialog.findChild(type(card.status), "issue") is not None
