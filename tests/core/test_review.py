"""Attorney review: dispositions, sign-off, re-open on re-screen, the queue's order, permissions."""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from clinic_app.domain import (
    Disposition,
    Flag,
    FlagLevel,
    FlagLevelChange,
    FlagReview,
    IntakeDocument,
    Role,
    ScreeningChange,
)
from clinic_app.errors import ConcurrentChangeError, PermissionDenied
from clinic_app.review import ReviewError, fingerprint, review_state
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor
from clinic_app.services.intakes import IntakeService
from clinic_app.services.reviews import ReviewService, reopen_after_rescreen
from forms.rule_pack_loader import default_pack_path, load_rule_pack

from .memory_uow import MemoryData, MemoryUnitOfWork

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
ATTORNEY = Actor("u-2", "alma", Role.ATTORNEY, "Alma Ruiz")
PARALEGAL = Actor("u-1", "paula", Role.PARALEGAL, "Paula")
TODAY = date(2026, 7, 1)


@functools.cache
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def scenario(prefix: str) -> dict[str, Any]:
    (path,) = SCENARIOS.glob(f"{prefix}-*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class Clinic:
    """An in-memory store with the intake and review services of two users."""

    def __init__(self) -> None:
        self.data = MemoryData()
        factory: Any = lambda: MemoryUnitOfWork(self.data)  # noqa: E731
        self.intakes = IntakeService(factory, engine(), actor=PARALEGAL, today=lambda: TODAY)
        self.reviews = ReviewService(factory, actor=ATTORNEY, today=lambda: TODAY)
        self.paralegal_reviews = ReviewService(factory, actor=PARALEGAL, today=lambda: TODAY)

    def add(self, facts: dict[str, Any]) -> str:
        return self.intakes.import_document(IntakeDocument(facts))[1]

    def decide_all(self, intake_id: str) -> None:
        for s in self.reviews.review_for_intake(intake_id).flags:
            self.reviews.record(intake_id, s.flag.id, Disposition.CONFIRMED, "seen")

    def actions(self) -> list[str]:
        return [a for a, _, _ in self.data.audit]


@pytest.fixture
def clinic() -> Clinic:
    return Clinic()


# -- derived state ---------------------------------------------------------------------------

def _flag(level: FlagLevel = FlagLevel.URGENT, facts: tuple[str, ...] = ("events[0]",)) -> Flag:
    return Flag("ONE-YEAR", "One-year", "policy", level, "reason", facts)


def _decision(flag: Flag, facts: dict[str, Any], n: int = 1,
              disposition: Disposition = Disposition.CONFIRMED) -> FlagReview:
    return FlagReview("i1", flag.id, disposition, "note", "Alma", datetime(2026, 7, 1, 9, n,
                                                                           tzinfo=UTC),
                      flag.level, fingerprint(flag, facts), n)


def test_a_disposition_holds_while_the_flag_is_the_same() -> None:
    facts = {"events": [{"type": "entry", "date": "2024-01-01"}]}
    flag = _flag()
    state = review_state("i1", [flag], [_decision(flag, facts)], facts)
    assert state.flags[0].reviewed and not state.unreviewed and state.can_sign_off


def test_a_new_level_or_edited_facts_reopen_and_say_what_changed() -> None:
    facts = {"events": [{"type": "entry", "date": "2024-01-01"}, {"type": "hearing"}]}
    decided = _decision(_flag(FlagLevel.REVIEW), facts)
    louder = review_state("i1", [_flag(FlagLevel.URGENT)], [decided], facts).flags[0]
    assert louder.reopened and louder.change is not None
    assert louder.change.describe() == "level review -> urgent"
    edited = copy.deepcopy(facts)
    edited["events"][0]["date"] = "2024-02-01"
    moved = review_state("i1", [_flag(FlagLevel.REVIEW)], [decided], edited).flags[0]
    assert moved.reopened and moved.change is not None and moved.change.edited == ("events[0]",)
    more = review_state("i1", [_flag(FlagLevel.REVIEW, ("events[0]", "events[1]"))], [decided],
                        facts).flags[0]
    assert more.change is not None and more.change.added == ("events[1]",)


def test_a_later_screening_change_from_the_log_reopens_too() -> None:
    facts = {"events": [{"type": "entry", "date": "2024-01-01"}]}
    flag = _flag()
    decided = _decision(flag, facts)
    later = {"ONE-YEAR": datetime(2026, 7, 2, tzinfo=UTC)}
    state = review_state("i1", [flag], [decided], facts, changed_at=later)
    assert state.flags[0].reopened
    earlier = {"ONE-YEAR": datetime(2026, 6, 1, tzinfo=UTC)}
    assert review_state("i1", [flag], [decided], facts, changed_at=earlier).flags[0].reviewed


def test_a_sign_off_holds_until_something_is_decided_after_it() -> None:
    facts = {"events": [{"type": "entry", "date": "2024-01-01"}]}
    flag = _flag()
    sign_off = FlagReview("i1", None, Disposition.SIGNED_OFF, "", "Alma",
                          datetime(2026, 7, 1, 9, 5, tzinfo=UTC), review_id=5)
    rows = [_decision(flag, facts, 1), sign_off]
    assert review_state("i1", [flag], rows, facts).signed_off
    redo = _decision(flag, facts, 9, Disposition.NOT_APPLICABLE)
    assert not review_state("i1", [flag], [*rows, redo], facts).signed_off
    new_flag = Flag("CLP-2023", "CLP", "p", FlagLevel.REVIEW, "r")
    assert not review_state("i1", [flag, new_flag], rows, facts).signed_off


# -- the service ------------------------------------------------------------------------------

def test_dispositions_need_an_attorney_and_a_note(clinic: Clinic) -> None:
    intake_id = clinic.add(scenario("s10"))
    with pytest.raises(PermissionDenied):
        clinic.paralegal_reviews.record(intake_id, "UAC-STATUS", Disposition.CONFIRMED, "x")
    with pytest.raises(PermissionDenied):
        clinic.paralegal_reviews.queue()
    with pytest.raises(ReviewError, match="note"):
        clinic.reviews.record(intake_id, "UAC-STATUS", Disposition.CONFIRMED, "   ")
    with pytest.raises(ReviewError):
        clinic.reviews.record(intake_id, "UAC-STATUS", Disposition.SIGNED_OFF, "x")
    with pytest.raises(ReviewError, match="MPP-2025"):
        clinic.reviews.record(intake_id, "MPP-2025", Disposition.CONFIRMED, "x")
    assert clinic.data.reviews == []


def test_sign_off_only_when_every_flag_is_decided(clinic: Clinic) -> None:
    intake_id = clinic.add(scenario("s21"))  # one flag: CONFIDENTIALITY
    with pytest.raises(ReviewError, match="CONFIDENTIALITY"):
        clinic.reviews.sign_off(intake_id)
    state = clinic.reviews.record(intake_id, "CONFIDENTIALITY", Disposition.NEEDS_FACTS,
                                  "Ask which relatives are still at home.")
    assert state.can_sign_off
    signed = clinic.reviews.sign_off(intake_id, "Reviewed at intake.")
    assert signed.signed_off and signed.sign_off is not None
    assert signed.sign_off.reviewer == "Test Attorney"
    with pytest.raises(ReviewError, match="already"):
        clinic.reviews.sign_off(intake_id)
    assert clinic.actions()[-2:] == ["review.recorded", "review.signed_off"]
    _, entity, detail = clinic.data.audit[-2]
    assert entity == intake_id and detail["disposition"] == "needs_more_facts"
    assert detail["note"] == "Ask which relatives are still at home."


def test_paralegals_read_the_dispositions_on_their_intake(clinic: Clinic) -> None:
    intake_id = clinic.add(scenario("s21"))
    clinic.reviews.record(intake_id, "CONFIDENTIALITY", Disposition.NOT_APPLICABLE, "Old risk.")
    state = clinic.paralegal_reviews.review_for_intake(intake_id)
    assert state.flags[0].current is not None
    assert state.flags[0].current.disposition is Disposition.NOT_APPLICABLE


def test_a_rescreen_that_changes_a_flag_reopens_it_and_writes_what_changed(
        clinic: Clinic) -> None:
    facts = scenario("s16")  # ONE-YEAR from an entry between 2024-12-26 and 2025-01-31
    intake_id = clinic.add(facts)
    clinic.decide_all(intake_id)
    clinic.reviews.sign_off(intake_id)
    assert clinic.reviews.queue() == []

    edited = copy.deepcopy(facts)
    edited["events"][0].update(date="2025-01-25", approximate=False)
    edited["events"][0].pop("date_to")
    clinic.intakes.save_intake(intake_id, IntakeDocument(edited))

    state = clinic.reviews.review_for_intake(intake_id)
    assert not state.signed_off and state.reopened
    one_year = state.flag("ONE-YEAR")
    assert one_year is not None and one_year.reopened and one_year.change is not None
    assert one_year.change.edited == ("events[0]",)
    reopen = one_year.history[0]
    assert reopen.disposition is Disposition.REOPENED and "events[0]" in reopen.note
    assert "review.reopened" in clinic.actions()
    (item,) = clinic.reviews.queue()
    assert item.intake_id == intake_id and item.reopened >= 1
    # Saving the same facts again writes no second re-open.
    count = len(clinic.data.reviews)
    clinic.intakes.save_intake(intake_id, IntakeDocument(edited))
    assert len(clinic.data.reviews) == count


def test_a_stale_view_cannot_decide(clinic: Clinic) -> None:
    facts = scenario("s21")
    intake_id = clinic.add(facts)
    seen = clinic.reviews.open_review(intake_id).state.flags[0].basis
    edited = copy.deepcopy(facts)
    edited["confidentiality_risks"] = ["home_government_contact"]
    clinic.intakes.save_intake(intake_id, IntakeDocument(edited))
    with pytest.raises(ConcurrentChangeError):
        clinic.reviews.record(intake_id, "CONFIDENTIALITY", Disposition.CONFIRMED, "ok",
                              basis=seen)


def test_the_queue_is_most_urgent_first(clinic: Clinic) -> None:
    far = scenario("s21")  # CONFIDENTIALITY only: no deadline
    far["confidentiality_risks"] = ["media"]  # level review
    pedro = scenario("s16")  # ONE-YEAR due 2025-12-26 (overdue as of TODAY)
    kevin = scenario("s10")  # turns 18 on 2026-11-12
    late = copy.deepcopy(far)
    late["confidentiality_risks"] = ["home_government_contact"]  # urgent, still no deadline
    ids = {name: clinic.add(f) for name, f in
           (("far", far), ("kevin", kevin), ("late", late), ("pedro", pedro))}
    done = clinic.add(scenario("s08"))
    clinic.decide_all(done)  # ready to sign off: after everything still to review
    order = [item.intake_id for item in clinic.reviews.queue()]
    assert order == [ids["pedro"], ids["kevin"], ids["late"], ids["far"], done]
    items = {i.intake_id: i for i in clinic.reviews.queue()}
    assert items[ids["late"]].urgent == 1 and items[ids["far"]].urgent == 0
    assert items[done].ready_to_sign_off and items[ids["kevin"]].next_deadline is not None


def test_the_queue_breaks_ties_by_age(clinic: Clinic) -> None:
    first, second = clinic.add(scenario("s21")), clinic.add(scenario("s21"))
    for intake_id, day in ((first, 2), (second, 1)):
        stored = clinic.data.intakes[intake_id]
        clinic.data.intakes[intake_id] = replace(
            stored, created_at=datetime(2026, 6, day, tzinfo=UTC))
    assert [i.intake_id for i in clinic.reviews.queue()] == [second, first]


def test_opening_a_review_is_audited_and_shows_deadlines(clinic: Clinic) -> None:
    intake_id = clinic.add(scenario("s10"))
    review = clinic.reviews.open_review(intake_id)
    assert review.client_name.startswith("Kevin") and review.rule_pack.startswith("us-border")
    assert [d.kind.value for d in review.deadlines] == ["turns_18"]
    assert clinic.actions()[-1] == "intake.viewed"


def test_a_rescreen_logged_after_a_decision_reopens_it(clinic: Clinic) -> None:
    """The re-screening log (ScreeningChange) re-opens even what fingerprints cannot see: a
    flag dropped by one pack and raised again, the same, by the next."""
    intake_id = clinic.add(scenario("s21"))
    clinic.reviews.record(intake_id, "CONFIDENTIALITY", Disposition.CONFIRMED, "Seen.")
    stored = clinic.data.intakes[intake_id]
    change = ScreeningChange(intake_id, stored.client_id, "Tenzin Yeshe", TODAY,
                             "us-border-asylum 2026.06.25", "us-border-asylum 2026.07.01",
                             added=(FlagLevelChange("CONFIDENTIALITY", None, FlagLevel.URGENT),),
                             at=datetime(2026, 7, 2, tzinfo=UTC))
    clinic.data.screening_changes.append(change)
    state = clinic.reviews.review_for_intake(intake_id)
    assert state.flags[0].reopened and state.flags[0].change is not None
    assert state.flags[0].change.rescreened_at == change.at

    factory: Any = lambda: MemoryUnitOfWork(clinic.data)  # noqa: E731
    assert reopen_after_rescreen(factory, [change, change]) == [intake_id]
    assert clinic.data.reviews[-1].disposition is Disposition.REOPENED
    assert clinic.actions()[-1] == "review.reopened"
    # Said once: a second pass over the same change writes nothing more.
    assert reopen_after_rescreen(factory, [change]) == []
