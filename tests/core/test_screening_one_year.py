"""ONE-YEAR (flags.md 4.11) and its uncertainty trigger (4.14 trigger 3): anniversaries, bands,
the relevant I-589 of 2.3, the UAC exemption, lodged and derivative filings."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pytest

from clinic_app.domain import Flag, FlagLevel, IntakeDocument, ScreeningResult
from clinic_app.screening.engine import ScreeningEngine
from forms.rule_pack_loader import default_pack_path, load_rule_pack

ONE_YEAR_SOURCE = ("https://immigrationequality.org/asylum/asylum-manual/"
                   "immigration-basics-the-one-year-filing-deadline/")


@lru_cache(maxsize=1)
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def screen(*events: dict[str, Any], as_of: date = date(2026, 7, 1), dob: str = "1990-01-01",
           **top: Any) -> ScreeningResult:
    facts: dict[str, Any] = {
        "format": "clinic-intake/1", "client": {"date_of_birth": dob, "nationalities": ["SV"]},
        "transit_countries": [], "events": list(events)}
    return engine().screen(IntakeDocument(facts | top), as_of=as_of)


def entry(day: str, **extra: Any) -> dict[str, Any]:
    return {"type": "entry", "date": day, "border": "air", "place": "port",
            "documents": "visa"} | extra


def filed(day: str, how: str = "filed", **extra: Any) -> dict[str, Any]:
    return {"type": "asylum_filed", "date": day, "where": "uscis", "how": how} | extra


def flag(result: ScreeningResult, flag_id: str) -> Flag | None:
    return next((f for f in result.flags if f.id == flag_id), None)


def test_leap_day_arrival_has_its_deadline_on_28_february() -> None:
    deadline = date(2025, 2, 28)
    within = screen(entry("2024-02-29"), as_of=deadline - timedelta(days=60))
    outside = screen(entry("2024-02-29"), as_of=deadline - timedelta(days=61))
    one_year = flag(within, "ONE-YEAR")
    assert one_year is not None and one_year.level is FlagLevel.URGENT
    assert "2025-02-28" in one_year.reason and "60 days left" in one_year.reason
    assert flag(outside, "ONE-YEAR") is None


@pytest.mark.parametrize(("as_of", "fires", "words"), [
    (date(2026, 7, 1), True, "passed"),           # deadline 2025-03-18 long passed
    (date(2025, 3, 18), True, "0 days left"),     # due today
    (date(2025, 1, 17), True, "60 days left"),    # exactly 60 days away
    (date(2025, 1, 16), False, ""),               # 61 days away: later band
])
def test_bands_of_the_deadline(as_of: date, fires: bool, words: str) -> None:
    result = screen(entry("2024-03-18"), as_of=as_of)
    one_year = flag(result, "ONE-YEAR")
    assert (one_year is not None) is fires
    if one_year:
        assert one_year.level is FlagLevel.URGENT and words in one_year.reason
        assert "clear and convincing" in one_year.reason
        assert one_year.facts == ("events[0]",)
    assert flag(result, "DATE-UNCERTAIN") is None


def test_deadline_range_across_bands_is_uncertain() -> None:
    # arrival 2024-12 -> deadline 2025-12-01 .. 2025-12-31; as of 2025-12-15: passed / not yet
    result = screen(entry("2024-12"), as_of=date(2025, 12, 15))
    one_year, uncertain = flag(result, "ONE-YEAR"), flag(result, "DATE-UNCERTAIN")
    assert one_year is not None and one_year.level is FlagLevel.URGENT
    assert "2025-12-01 – 2025-12-31" in one_year.reason
    assert uncertain is not None and uncertain.level is FlagLevel.CHECK
    assert uncertain.sources[-1] == ONE_YEAR_SOURCE
    assert "clear and convincing" in uncertain.reason
    # a range wholly in one band changes nothing
    assert flag(screen(entry("2023-12"), as_of=date(2026, 7, 1)), "DATE-UNCERTAIN") is None


def test_timely_and_late_filings() -> None:
    timely = screen(entry("2024-03-18"), filed("2025-03-18"))
    assert flag(timely, "ONE-YEAR") is None
    late = screen(entry("2024-03-18"), filed("2025-03-19"))
    one_year = flag(late, "ONE-YEAR")
    assert one_year is not None and one_year.level is FlagLevel.REVIEW
    assert one_year.facts == ("events[0]", "events[1]")
    assert "late filing" in one_year.reason and "2025-03-18" in one_year.reason


def test_filing_that_may_be_timely_or_late_is_uncertain() -> None:
    result = screen(entry("2024-03-18"), filed("2025-03"))
    assert flag(result, "ONE-YEAR") is not None
    uncertain = flag(result, "DATE-UNCERTAIN")
    assert uncertain is not None and ONE_YEAR_SOURCE in uncertain.sources


def test_relevant_i589_survives_only_without_a_departure() -> None:
    # an MPP case filed in Mexico and still pending after a wind-down entry counts
    pending = screen(entry("2019-09-01", border="southern_land", documents="none"),
                     filed("2019-10-01", where="immigration_court"),
                     {"type": "mpp_return", "date": "2019-09-01"},
                     entry("2021-03-01", border="southern_land", documents="none"))
    assert flag(pending, "ONE-YEAR") is None
    # a removal between that filing and the new arrival ends it: no relevant I-589
    removed = screen(entry("2019-09-01"), filed("2019-10-01"),
                     {"type": "departure", "date": "2020-03", "kind": "removed"},
                     entry("2021-03-01"))
    one_year = flag(removed, "ONE-YEAR")
    assert one_year is not None and one_year.level is FlagLevel.URGENT
    assert one_year.facts == ("events[3]",)


def test_events_in_any_order_last_arrival_by_date() -> None:
    result = screen(entry("2025-10-01"), entry("2020-01-01"), as_of=date(2026, 7, 1))
    assert flag(result, "ONE-YEAR") is None          # deadline 2026-10-01 is > 60 days away
    later = screen(entry("2020-01-01"), entry("2025-10-01"), as_of=date(2026, 8, 15))
    one_year = flag(later, "ONE-YEAR")
    assert one_year is not None and one_year.facts == ("events[1]",)


def test_uac_exemption_while_a_minor() -> None:
    uac = entry("2025-02-20", border="southern_land", place="between_ports", documents="none",
                designated_uac=True, accompanied_by="none")
    minor = flag(screen(uac, dob="2008-11-12"), "ONE-YEAR")
    assert minor is not None and minor.level is FlagLevel.REVIEW
    assert "UAC exemption" in minor.reason and "2026-11-12" in minor.reason
    adult = flag(screen(uac, dob="2008-11-12", as_of=date(2026, 12, 1)), "ONE-YEAR")
    assert adult is not None and adult.level is FlagLevel.URGENT
    # a late filing made while still a designated UAC minor is exempt
    late_but_exempt = screen(uac, filed("2026-06-01"), dob="2008-11-12")
    assert flag(late_but_exempt, "ONE-YEAR") is None


def test_lodged_and_derivative_filings_count() -> None:
    lodged = screen(entry("2025-03-05"), filed("2025-07-15", how="lodged"))
    assert flag(lodged, "ONE-YEAR") is None
    late_lodged = flag(screen(entry("2024-03-05"), filed("2025-07-15", how="lodged")),
                       "ONE-YEAR")
    assert late_lodged is not None and "confirm the court stamp" in late_lodged.reason
    derivative = screen(entry("2024-06-10"), filed("2025-05-01", how="derivative"))
    assert flag(derivative, "ONE-YEAR") is None


def test_final_grant_and_missing_entry() -> None:
    granted = screen(entry("2020-01-01"), {"type": "decision", "date": "2021-01-01",
                                           "stage": "asylum_office", "outcome": "granted",
                                           "final": True})
    assert flag(granted, "ONE-YEAR") is None
    nothing = screen(filed("2025-01-01"))
    assert flag(nothing, "ONE-YEAR") is None
    assert any("no entry event: one-year deadline cannot be computed" in w
               for w in nothing.warnings)


def test_reason_mentions_supported_exceptions_only() -> None:
    result = screen(entry("2023-01-10", border="southern_land", documents="none",
                          cbp_one_appointment=True),
                    {"type": "parole", "date": "2023-01-10", "program": "cbp_one"},
                    {"type": "changed_circumstances", "date": "2024-06-01"},
                    {"type": "decision", "date": "2022-01-01", "stage": "immigration_judge",
                     "outcome": "denied", "final": True},
                    household=[{"relationship": "child", "given_names": "Ana",
                                "travelled_with_client": True}])
    one_year = flag(result, "ONE-YEAR")
    assert one_year is not None
    for words in ("events[2]", "reasonable period", "T-M-H-", "208.4(a)(5)(iv)",
                  "Previous-denial bar", "Ana", "$100 I-589 fee"):
        assert words in one_year.reason
    assert "UAC exemption" not in one_year.reason
