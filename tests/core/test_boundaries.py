"""Boundary dates and window edges (flags.md 2.1, 2.2, 4.13, 4.14): the day before, the day and the
day after for each flag a date governs, partial dates and ranges straddling it, and the Eastern-time
rule for events recorded with a time and a time zone."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import pytest

from clinic_app.domain import FlagLevel, IntakeDocument, ScreeningResult
from clinic_app.screening.engine import ScreeningEngine
from forms.rule_pack_loader import default_pack_path, load_rule_pack

AS_OF = date(2026, 7, 1)


@lru_cache(maxsize=1)
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def screen(*events: dict[str, Any], **top: Any) -> ScreeningResult:
    facts: dict[str, Any] = {
        "format": "clinic-intake/1", "intake_date": "2026-07-01",
        "client": {"date_of_birth": "1990-01-01", "nationalities": ["HN"]},
        "transit_countries": ["MX"], "events": list(events)}
    return engine().screen(IntakeDocument(facts | top), as_of=AS_OF)


def ids(result: ScreeningResult) -> set[str]:
    return {f.id for f in result.flags}


def level(result: ScreeningResult, flag_id: str) -> FlagLevel:
    return next(f.level for f in result.flags if f.id == flag_id)


def entry(day: str, **extra: Any) -> dict[str, Any]:
    return {"type": "entry", "date": day, "border": "southern_land", "place": "between_ports",
            "documents": "none", "cbp_one_appointment": False, "accompanied_by": "none"} | extra


def claim_after(day: str) -> dict[str, Any]:
    return {"type": "asylum_filed", "date": day, "where": "immigration_court", "how": "filed"}


# (event, flag governed, whether it fires, whether BOUNDARY-DATE fires)
EDGES = [
    # 2019-07-16: metering class is "before" the day; the transit bar starts on it
    ({"type": "turned_back", "date": "2019-07-15"}, "AOL-METERING", True, False),
    ({"type": "turned_back", "date": "2019-07-16"}, "AOL-METERING", True, True),
    ({"type": "turned_back", "date": "2019-07-17"}, "AOL-METERING", False, False),
    (entry("2019-07-15"), "TCT-2019", False, False),
    (entry("2019-07-16"), "TCT-2019", True, True),
    (entry("2019-07-17"), "TCT-2019", True, False),
    # 2020-06-30 and 2021-01-19 / 2021-02-16: transit-bar window edges (not boundary dates)
    (entry("2020-06-29"), "TCT-2019", True, False),
    (entry("2020-06-30"), "TCT-2019", True, False),
    (entry("2020-07-01"), "TCT-2019", False, False),
    (entry("2021-01-18"), "TCT-2019", False, False),
    (entry("2021-01-19"), "TCT-2019", True, False),
    (entry("2021-01-20"), "TCT-2019", True, False),
    (entry("2021-02-15"), "TCT-2019", True, False),
    (entry("2021-02-16"), "TCT-2019", True, False),
    (entry("2021-02-17"), "TCT-2019", False, False),
    # 2023-05-11 and 2025-05-11: the CLP window, both ends inclusive
    (entry("2023-05-10"), "CLP-2023", False, False),
    (entry("2023-05-11"), "CLP-2023", True, True),
    (entry("2023-05-12"), "CLP-2023", True, False),
    (entry("2025-05-10"), "CLP-2023", True, False),
    (entry("2025-05-11"), "CLP-2023", True, True),
    (entry("2025-05-12"), "CLP-2023", False, False),
    # 2024-06-05 .. 2025-05-31: Securing the Border (the end is a window edge, not in B)
    (entry("2024-06-04"), "STB-2024", False, False),
    (entry("2024-06-05"), "STB-2024", True, True),
    (entry("2024-06-06"), "STB-2024", True, False),
    (entry("2025-05-30"), "STB-2024", True, False),
    (entry("2025-05-31"), "STB-2024", True, False),
    (entry("2025-06-01"), "STB-2024", False, False),
    # 2025-01-20: Proclamation 10888 and the CBP One shutdown
    (entry("2025-01-19"), "PROC-10888", False, False),
    (entry("2025-01-20"), "PROC-10888", True, True),
    (entry("2025-01-21"), "PROC-10888", True, False),
    ({"type": "cbp_one_appointment", "date": "2025-01-19", "status": "cancelled"},
     "CBP1-CANCELLED", False, False),
    ({"type": "cbp_one_appointment", "date": "2025-01-20", "status": "cancelled"},
     "CBP1-CANCELLED", True, True),
    ({"type": "cbp_one_appointment", "date": "2025-01-21", "status": "cancelled"},
     "CBP1-CANCELLED", True, False),
    # 2025-01-21: MPP reinstated (a window edge; 2025-01-20 itself is in B)
    ({"type": "mpp_return", "date": "2025-01-20"}, "MPP-2025", False, True),
    ({"type": "mpp_return", "date": "2025-01-21"}, "MPP-2025", True, False),
    ({"type": "mpp_return", "date": "2025-01-22"}, "MPP-2025", True, False),
    ({"type": "mpp_return", "date": "2025-01-20"}, "MPP-PRIOR", True, True),
    ({"type": "mpp_return", "date": "2025-01-21"}, "MPP-PRIOR", False, False),
]


@pytest.mark.parametrize(("event", "flag_id", "fires", "boundary"), EDGES,
                         ids=[f"{e[1]}@{e[0]['date']}" for e in EDGES])
def test_day_before_on_and_after_each_edge(event: dict[str, Any], flag_id: str, fires: bool,
                                           boundary: bool) -> None:
    result = screen(event, *([claim_after("2021-06-01")] if event["type"] == "entry" else []))
    raised = ids(result)
    assert (flag_id in raised) is fires
    assert ("BOUNDARY-DATE" in raised) is boundary
    assert "DATE-UNCERTAIN" not in raised   # exact days are never uncertain


def test_metering_on_the_boundary_day_is_only_a_check() -> None:
    before = screen({"type": "turned_back", "date": "2019-07-15"})
    on_day = screen({"type": "turned_back", "date": "2019-07-16"})
    assert level(before, "AOL-METERING") is FlagLevel.REVIEW
    assert level(on_day, "AOL-METERING") is FlagLevel.CHECK
    reason = next(f.reason for f in on_day.flags if f.id == "AOL-METERING")
    assert "on, not before, 2019-07-16" in reason


def test_boundary_reason_names_what_turns_on_the_day_and_its_sources() -> None:
    result = screen(entry("2025-01-20"))
    flag = next(f for f in result.flags if f.id == "BOUNDARY-DATE")
    assert flag.level is FlagLevel.REVIEW and flag.facts == ("events[0]",)
    assert "Proclamation 10888" in flag.reason and "1 p.m." in flag.reason
    assert "time not recorded" in flag.reason
    assert "https://regulations.justia.com/regulations/fedreg/2025/01/29/2025-01951.html" \
        in flag.sources
    assert "https://townhall.com/tipsheet/leahbarkoukis/2025/01/20/cbpone-app-n2650835" \
        in flag.sources


# Partial dates and ranges that straddle an edge: never resolved to one side.
STRADDLES = [
    ({"type": "turned_back", "date": "2019-07"}, {"AOL-METERING", "DATE-UNCERTAIN"}),
    ({"type": "turned_back", "date": "2019"}, {"AOL-METERING", "DATE-UNCERTAIN"}),
    (entry("2019-07"), {"TCT-2019", "DATE-UNCERTAIN"}),
    (entry("2023-05"), {"CLP-2023", "DATE-UNCERTAIN"}),
    (entry("2024-06-01", date_to="2024-06-10"), {"CLP-2023", "STB-2024", "DATE-UNCERTAIN"}),
    (entry("2025-01"), {"PROC-10888", "CLP-2023", "STB-2024", "DATE-UNCERTAIN"}),
    (entry("2025-05-01", date_to="2025-05-20"), {"CLP-2023", "STB-2024", "DATE-UNCERTAIN"}),
    ({"type": "mpp_return", "date": "2025-01-15", "date_to": "2025-01-25"},
     {"MPP-2025", "MPP-PRIOR", "DATE-UNCERTAIN"}),
    ({"type": "cbp_one_appointment", "date": "2025-01", "status": "cancelled"},
     {"CBP1-CANCELLED", "DATE-UNCERTAIN"}),
]


@pytest.mark.parametrize(("event", "expected"), STRADDLES,
                         ids=[f"{e[0]['type']}@{e[0]['date']}" for e in STRADDLES])
def test_ranges_straddling_an_edge_fire_both_sides(event: dict[str, Any],
                                                  expected: set[str]) -> None:
    result = screen(event, claim_after("2021-06-01"))
    raised = ids(result)
    assert expected <= raised
    assert "BOUNDARY-DATE" not in raised   # a multi-day range is uncertain, not on a boundary
    uncertain = next(f for f in result.flags if f.id == "DATE-UNCERTAIN")
    assert uncertain.level is FlagLevel.CHECK and uncertain.facts == ("events[0]",)
    assert "may apply" in uncertain.reason.lower() and "contains the boundary" in uncertain.reason


def test_range_over_a_window_edge_that_is_not_a_boundary_is_not_uncertain() -> None:
    result = screen(entry("2025-05-25", date_to="2025-06-05"))
    assert "STB-2024" in ids(result)
    assert "DATE-UNCERTAIN" not in ids(result)
    tct = screen(entry("2020-06-20", date_to="2020-07-10"), claim_after("2020-08-01"))
    assert "TCT-2019" in ids(tct) and "DATE-UNCERTAIN" not in ids(tct)


def test_uncertain_reason_names_range_boundary_and_sides() -> None:
    result = screen(entry("2024-12-26", date_to="2025-01-31", approximate=True))
    flag = next(f for f in result.flags if f.id == "DATE-UNCERTAIN")
    for words in ("2024-12-26 – 2025-01-31", "2025-01-20", "PROC-10888 applies only",
                  "rather than choosing a side", "I-213"):
        assert words in flag.reason
    assert flag.sources[0] == \
        "https://regulations.justia.com/regulations/fedreg/2025/01/29/2025-01951.html"


def test_approximate_single_boundary_day_is_uncertain_and_on_the_boundary() -> None:
    result = screen(entry("2025-01-20", approximate=True))
    assert {"BOUNDARY-DATE", "DATE-UNCERTAIN", "PROC-10888"} <= ids(result)
    assert "(approximate)" in next(f.reason for f in result.flags if f.id == "BOUNDARY-DATE")
    assert "DATE-UNCERTAIN" not in ids(screen(entry("2025-02-03", approximate=True)))


def test_non_key_events_on_boundary_dates_raise_nothing() -> None:
    result = screen({"type": "decision", "date": "2025-01-20", "stage": "credible_fear",
                     "outcome": "negative", "grounds": [], "final": False},
                    {"type": "hearing", "date": "2019", "court": "X"},
                    {"type": "parole", "date": "2023-05-11", "program": "other"})
    assert not ids(result) & {"BOUNDARY-DATE", "DATE-UNCERTAIN"}


# Eastern-time rule (2.1): the Eastern calendar day is one more possible day.
@pytest.mark.parametrize(("day", "clock", "zone", "flag_id", "fires", "boundary"), [
    ("2023-05-11", "21:00", "America/Los_Angeles", "CLP-2023", True, True),      # s08
    ("2023-05-10", "22:00", "America/Los_Angeles", "CLP-2023", True, True),      # 01:00 EDT 05-11
    ("2023-05-10", "20:00", "America/Los_Angeles", "CLP-2023", False, False),    # 23:00 EDT 05-10
    ("2024-06-04", "21:30", "America/Los_Angeles", "STB-2024", True, True),      # 00:30 EDT 06-05
    ("2024-06-04", "20:30", "America/Los_Angeles", "STB-2024", False, False),
    ("2025-01-19", "23:30", "America/Chicago", "PROC-10888", True, True),        # 00:30 EST 01-20
    ("2025-01-19", "23:30", "America/New_York", "PROC-10888", False, False),
])
def test_eastern_day_counts_as_a_possible_day(day: str, clock: str, zone: str, flag_id: str,
                                              fires: bool, boundary: bool) -> None:
    result = screen(entry(day, time=clock, timezone=zone))
    assert (flag_id in ids(result)) is fires
    assert ("BOUNDARY-DATE" in ids(result)) is boundary
    assert "DATE-UNCERTAIN" not in ids(result)   # the Eastern day never widens the range


def test_eastern_conversion_is_shown_in_reasons() -> None:
    result = screen(entry("2023-05-10", time="22:00", timezone="America/Los_Angeles"))
    clp = next(f for f in result.flags if f.id == "CLP-2023")
    assert "22:00 PDT (01:00 EDT on 2023-05-11)" in clp.reason
    boundary = next(f for f in result.flags if f.id == "BOUNDARY-DATE")
    assert "recorded time 22:00 PDT = 01:00 EDT on 2023-05-11" in boundary.reason


def test_time_without_time_zone_is_not_converted() -> None:
    result = screen(entry("2024-06-04", time="23:30"))
    assert "STB-2024" not in ids(result) and "BOUNDARY-DATE" not in ids(result)
