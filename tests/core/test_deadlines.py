"""Deadline arithmetic (flags.md 2.1, 4.11, 4.15): leap days, partial dates, ranges, time zones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clinic_app.dates import anniversary
from clinic_app.deadlines import (
    EARLIEST_POSSIBLE,
    Horizon,
    compute_deadlines,
    deadline_uid,
    horizon,
    still_open,
    within,
)
from clinic_app.domain import Deadline, DeadlineKind

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"


def intake(*events: dict[str, Any], dob: str = "1990-05-05") -> dict[str, Any]:
    return {"format": "clinic-intake/1", "client": {"given_names": "Ana", "family_names": "Test",
                                                    "date_of_birth": dob},
            "events": list(events)}


def entry(day: str, **more: Any) -> dict[str, Any]:
    return {"type": "entry", "date": day, "border": "southern_land", "place": "between_ports",
            "accompanied_by": "parent", **more}


def kinds(facts: dict[str, Any], kind: DeadlineKind) -> list[Deadline]:
    return [d for d in compute_deadlines(facts, client_id="c1") if d.kind is kind]


def one_year(facts: dict[str, Any]) -> Deadline:
    (deadline,) = kinds(facts, DeadlineKind.ONE_YEAR)
    return deadline


def test_29_february_plus_one_year_is_28_february() -> None:
    assert anniversary(date(2024, 2, 29)) == date(2025, 2, 28)
    d = one_year(intake(entry("2024-02-29")))
    assert (d.due, d.latest, d.uncertain) == (date(2025, 2, 28), date(2025, 2, 28), False)
    assert EARLIEST_POSSIBLE not in d.label


def test_no_weekend_roll_over() -> None:
    # 2025-03-15 is a Saturday: the deadline stays on it (the conservative side).
    assert one_year(intake(entry("2024-03-15"))).due == date(2025, 3, 15)


def test_a_month_only_arrival_gives_the_earliest_possible_day() -> None:
    d = one_year(intake(entry("2024-07")))
    assert (d.due, d.latest) == (date(2025, 7, 1), date(2025, 7, 31))
    assert d.uncertain and EARLIEST_POSSIBLE in d.label and "2025-07-31" in d.label


def test_a_year_only_arrival_gives_the_first_of_january() -> None:
    d = one_year(intake(entry("2023")))
    assert (d.due, d.latest, d.uncertain) == (date(2024, 1, 1), date(2024, 12, 31), True)


def test_a_range_gives_both_ends() -> None:
    d = one_year(intake(entry("2024-12-26", date_to="2025-01-31", approximate=True)))
    assert (d.due, d.latest, d.uncertain) == (date(2025, 12, 26), date(2026, 1, 31), True)
    assert d.basis == "2024-12-26..2025-01-31"


def test_an_approximate_day_is_said_to_be_uncertain_without_widening() -> None:
    d = one_year(intake(entry("2024-05-02", approximate=True)))
    assert (d.due, d.latest, d.uncertain) == (date(2025, 5, 2), date(2025, 5, 2), True)


def test_a_pacific_evening_counts_from_the_local_day_not_the_eastern_one() -> None:
    # 21:00 PDT on 2023-05-11 is 00:00 EDT on 05-12; the deadline runs from the earlier day.
    d = one_year(intake(entry("2023-05-11", time="21:00", timezone="America/Los_Angeles")))
    assert (d.due, d.latest, d.uncertain) == (date(2024, 5, 11), date(2024, 5, 11), False)


def test_an_eastern_day_before_the_recorded_day_moves_the_earliest_deadline() -> None:
    # 01:00 in Madrid on 2024-03-10 is still 2024-03-09 in New York: earliest possible wins.
    d = one_year(intake(entry("2024-03-10", time="01:00", timezone="Europe/Madrid")))
    assert (d.due, d.latest, d.uncertain) == (date(2025, 3, 9), date(2025, 3, 10), True)


def test_the_last_arrival_decides_whatever_the_order_of_events() -> None:
    facts = intake(entry("2024-06-01"), {"type": "departure", "date": "2023-01-05",
                                         "kind": "removed"}, entry("2022-11-20"))
    d = one_year(facts)
    assert d.due == date(2025, 6, 1) and d.facts == ("events[0]",)


def test_no_one_year_deadline_once_an_i589_is_filed() -> None:
    facts = intake(entry("2024-06-01"),
                   {"type": "asylum_filed", "date": "2024-09-01", "how": "filed"})
    assert kinds(facts, DeadlineKind.ONE_YEAR) == []


def test_no_one_year_deadline_without_an_entry() -> None:
    assert compute_deadlines(intake()) == ()


def test_an_unaccompanied_child_gets_the_18th_birthday_instead() -> None:
    facts = intake(entry("2025-02-20", accompanied_by="none", designated_uac=True),
                   dob="2008-02-29")
    assert kinds(facts, DeadlineKind.ONE_YEAR) == []
    (birthday,) = kinds(facts, DeadlineKind.TURNS_18)
    assert (birthday.due, birthday.uncertain) == (date(2026, 2, 28), False)
    assert birthday.facts == ("client.date_of_birth", "events[0]")


def test_a_year_only_birth_date_turns_18_on_the_earliest_possible_day() -> None:
    facts = intake(entry("2025-02-20", accompanied_by="none"), dob="2009")
    (birthday,) = kinds(facts, DeadlineKind.TURNS_18)
    assert (birthday.due, birthday.latest, birthday.uncertain) == (
        date(2027, 1, 1), date(2027, 12, 31), True)


def test_parole_end_and_termination_notice() -> None:
    facts = intake(entry("2024-01-10"),
                   {"type": "parole", "date": "2024-01-10", "program": "cbp_one",
                    "until": "2026-03", "termination_notice_date": "2025-04-11"})
    ends = kinds(facts, DeadlineKind.PAROLE_END)
    assert [(d.due, d.latest, d.uncertain) for d in ends] == [
        (date(2025, 4, 11), date(2025, 4, 11), False),
        (date(2026, 3, 1), date(2026, 3, 31), True)]
    assert "CBP One parole" in ends[1].label


def test_mpp_hearings_are_hearings_and_say_so() -> None:
    path = SCENARIOS / "s05-jorge-nicaragua.json"
    facts = json.loads(path.read_text(encoding="utf-8"))
    hearings = kinds(facts, DeadlineKind.HEARING)
    assert hearings and all(d.detail == "mpp" and "MPP hearing" in d.label for d in hearings)


def test_a_hearing_after_entering_is_not_an_mpp_hearing() -> None:
    facts = intake({"type": "mpp_return", "date": "2019-08-01"}, entry("2021-03-01"),
                   {"type": "hearing", "date": "2026-09-10", "court": "San Diego"})
    (hearing,) = kinds(facts, DeadlineKind.HEARING)
    assert hearing.detail == "" and "at San Diego" in hearing.label


def test_a_broken_draft_gives_what_it_can_and_never_raises() -> None:
    facts = intake(entry("2024-13-40"), {"type": "hearing", "date": "2026-10"},
                   {"type": "entry"}, "not an event")  # type: ignore[arg-type]
    (hearing,) = compute_deadlines(facts)
    assert hearing.kind is DeadlineKind.HEARING and hearing.uncertain


def test_every_scenario_computes_and_the_uid_ignores_the_due_day() -> None:
    for path in sorted(SCENARIOS.glob("s*.json")):
        facts = json.loads(path.read_text(encoding="utf-8"))
        for d in compute_deadlines(facts, client_id="c1", intake_id="i1"):
            assert d.due <= d.latest and d.client_id == "c1" and d.intake_id == "i1"
    first = one_year(intake(entry("2024-07")))
    moved = one_year(intake(entry("2024-07-20")))
    assert deadline_uid(first) == deadline_uid(moved)


@pytest.mark.parametrize(("due", "expected"), [
    (date(2026, 6, 30), Horizon.OVERDUE), (date(2026, 7, 1), Horizon.WEEK),
    (date(2026, 7, 8), Horizon.WEEK), (date(2026, 7, 9), Horizon.MONTH),
    (date(2026, 7, 31), Horizon.MONTH), (date(2026, 9, 29), Horizon.QUARTER),
    (date(2026, 9, 30), Horizon.LATER)])
def test_horizons_count_from_today(due: date, expected: Horizon) -> None:
    d = Deadline(DeadlineKind.HEARING, due, due, "Hearing.")
    assert horizon(d, date(2026, 7, 1)) is expected


def test_passed_deadlines_stay_as_long_as_they_matter() -> None:
    today = date(2026, 7, 1)
    missed = Deadline(DeadlineKind.ONE_YEAR, date(2020, 1, 1), date(2020, 1, 1), "x")
    old_hearing = Deadline(DeadlineKind.HEARING, date(2026, 5, 1), date(2026, 5, 1), "x")
    recent_hearing = Deadline(DeadlineKind.HEARING, date(2026, 6, 20), date(2026, 6, 20), "x")
    parole = Deadline(DeadlineKind.PAROLE_END, date(2026, 1, 1), date(2026, 1, 1), "x")
    soon = Deadline(DeadlineKind.HEARING, date(2026, 7, 20), date(2026, 7, 20), "x")
    later = Deadline(DeadlineKind.HEARING, date(2027, 1, 20), date(2027, 1, 20), "x")
    assert still_open(missed, today) and not still_open(old_hearing, today)
    assert still_open(recent_hearing, today) and still_open(parole, today)
    rows = [later, soon, parole, old_hearing, recent_hearing, missed]
    assert within(rows, today, 30) == [missed, parole, recent_hearing, soon]
    assert within(rows, today, None)[-1] == later
