"""Columns derived from intake facts (flags.md 2.3 "Last arrival L")."""

from __future__ import annotations

from datetime import date

from clinic_app.domain import IntakeDocument
from db.derived import facts_json, intake_day, last_arrival, name_key, primary_nationality


def entry(day: str, date_to: str | None = None) -> dict[str, object]:
    event: dict[str, object] = {"type": "entry", "date": day}
    if date_to:
        event["date_to"] = date_to
    return event


def test_last_arrival_is_the_entry_with_the_greatest_possible_day_in_any_order() -> None:
    events: list[dict[str, object]] = [
        entry("2024-09-15"), {"type": "departure", "date": "2025-01-01"}, entry("2023-03-02")]
    found = last_arrival(events)
    assert found is not None and found.days.lo == date(2024, 9, 15) and found.text == "2024-09-15"


def test_a_wide_range_wins_on_its_latest_possible_day() -> None:
    found = last_arrival([entry("2024-12-26", "2025-01-31"), entry("2025-01-15")])
    assert found is not None
    assert (found.days.lo, found.days.hi) == (date(2024, 12, 26), date(2025, 1, 31))
    assert found.text == "2024-12-26..2025-01-31"


def test_ties_on_hi_go_to_the_greater_lo_then_the_later_position() -> None:
    month, day = entry("2025-01"), entry("2025-01-31")
    found = last_arrival([day, month])
    assert found is not None and found.text == "2025-01-31"
    same = last_arrival([{**entry("2025-01-31"), "port": "first"},
                         {**entry("2025-01-31"), "port": "second"}])
    assert same is not None and same.text == "2025-01-31"


def test_no_entry_or_unreadable_dates_give_none() -> None:
    assert last_arrival([]) is None
    assert last_arrival([{"type": "hearing", "date": "2025-01-01"}]) is None
    assert last_arrival([{"type": "entry", "date": "someday"}, {"type": "entry"}]) is None


def test_name_key_folds_accents_case_and_scripts() -> None:
    assert name_key("José  Ángel", "NÚÑEZ") == "jose angel nunez"
    assert name_key("Павел", "Іванов").isascii()


def test_intake_columns() -> None:
    document = IntakeDocument({"format": "clinic-intake/1", "intake_date": "2026-07-01",
                               "client": {"nationalities": ["MX", "GT"]}})
    assert intake_day(document) == date(2026, 7, 1)
    assert primary_nationality(document) == "MX"
    assert intake_day(IntakeDocument({})) is None
    assert primary_nationality(IntakeDocument({})) is None


def test_facts_json_keeps_key_order_and_accents() -> None:
    from types import MappingProxyType
    facts = MappingProxyType({"z": 1, "a": {"ñ": "é"}})
    assert facts_json(facts) == '{"z": 1, "a": {"ñ": "é"}}'
