"""Property: any valid intake (random events, partial dates, ranges, optional keys) screens without
an error, in English and Spanish, and every flag keeps the output conventions."""

from __future__ import annotations

import calendar
import json
from datetime import date
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.domain import MAY_APPLY, IntakeDocument
from clinic_app.screening.engine import ScreeningEngine
from forms.rule_pack_loader import default_pack_path, load_rule_pack

ZONES = ["America/Los_Angeles", "America/Chicago", "America/New_York", "America/Denver",
         "America/Tijuana", "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"]


@lru_cache(maxsize=1)
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


@st.composite
def partial_dates(draw: st.DrawFn, lo: int = 2015, hi: int = 2027) -> str:
    year = draw(st.integers(lo, hi))
    precision = draw(st.sampled_from(["year", "month", "day", "day", "day"]))
    if precision == "year":
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year:04d}-{month:02d}-{day:02d}"


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict holding any subset of `fields` (absent is not false)."""
    return st.fixed_dictionaries({}, optional=fields)


BOOL = st.booleans()
TEXT = st.text(max_size=12)
CODES = st.sampled_from(["MX", "HN", "GT", "SV", "CU", "VE", "US"])
EVENT_FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "turned_back": {"port": TEXT, "waitlisted": BOOL, "evidence": TEXT},
    "entry": {
        "border": st.sampled_from(["southern_land", "coastal", "northern_land", "air"]),
        "place": st.sampled_from(["port", "between_ports"]), "port": TEXT,
        "documents": st.sampled_from(["visa", "travel_authorization", "none"]),
        "cbp_one_appointment": BOOL, "apprehended": BOOL,
        "accompanied_by": st.sampled_from(["parent", "legal_guardian", "other_adult", "none"]),
        "designated_uac": BOOL,
        "processing": st.lists(st.sampled_from(
            ["nta", "parole", "expedited_removal", "proclamation_212f_removal", "mpp_return",
             "detained", "released"]), max_size=4, unique=True)},
    "mpp_return": {"city": TEXT, "court": TEXT},
    "cbp_one_appointment": {"port": TEXT,
                            "status": st.sampled_from(["kept", "cancelled", "missed"])},
    "parole": {"program": st.sampled_from(["cbp_one", "chnv", "mpp_wind_down", "other"]),
               "until": partial_dates(), "termination_notice_date": st.none() | partial_dates()},
    "decision": {
        "stage": st.sampled_from(["credible_fear", "reasonable_fear", "immigration_judge", "bia",
                                  "asylum_office"]),
        "outcome": st.sampled_from(["positive", "negative", "granted", "denied", "pretermitted",
                                    "withholding_granted", "cat_granted", "removal_order",
                                    "in_absentia_order", "terminated"]),
        "grounds": st.lists(st.sampled_from(["transit_bar_2019", "clp_2023", "stb_2024",
                                             "proclamation_10888", "one_year", "other"]),
                            max_size=3, unique=True),
        "final": BOOL},
    "departure": {"kind": st.sampled_from(["removed", "left_voluntarily"])},
    "asylum_filed": {"where": st.sampled_from(["uscis", "immigration_court"]),
                     "how": st.sampled_from(["filed", "lodged", "derivative"])},
    "hearing": {"court": TEXT},
    "changed_circumstances": {"description": TEXT},
}


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(EVENT_FIELDS)))
    event: dict[str, Any] = {"type": kind, "date": draw(partial_dates())}
    event |= draw(optional(**EVENT_FIELDS[kind]))
    if draw(st.booleans()):
        event["date_to"] = draw(partial_dates(lo=int(event["date"][:4]) + 1, hi=2028))
    event |= draw(optional(approximate=BOOL))
    if len(event["date"]) == 10 and draw(st.booleans()):
        event["time"] = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
        event |= draw(optional(timezone=st.sampled_from(ZONES)))
    return event


INTAKES = st.fixed_dictionaries(
    {"format": st.just("clinic-intake/1"), "events": st.lists(events(), max_size=8)},
    optional={
        "intake_date": partial_dates(2024, 2027),
        "client": optional(given_names=TEXT, date_of_birth=partial_dates(1950, 2025),
                           nationalities=st.lists(CODES, max_size=3, unique=True)),
        "household": st.lists(optional(relationship=st.sampled_from(
            ["child", "spouse", "parent", "sibling", "other"]), given_names=TEXT,
            travelled_with_client=BOOL), max_size=3),
        "transit_countries": st.lists(CODES, max_size=3),
        "applied_for_protection_in_transit_country": BOOL,
        "represented_by": st.none() | st.sampled_from(["ImmDef", "Immigrant Defenders", "X"]),
        "fears_harm_in_mexico": BOOL,
        "confidentiality_risks": st.lists(st.sampled_from(
            ["home_government_contact", "media", "school_or_employer_request",
             "interpreter_conflict", "other"]), max_size=3),
        "current_location": st.sampled_from(["united_states", "mexico", "elsewhere"]),
        "notes": TEXT,
    })


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=INTAKES, as_of=st.none() | st.dates(date(2019, 1, 1), date(2030, 12, 31)),
       lang=st.sampled_from(["en", "es"]))
def test_valid_intakes_never_crash_the_engine(facts: dict[str, Any], as_of: date | None,
                                              lang: str) -> None:
    result = engine().screen(IntakeDocument(facts), as_of=as_of, lang=lang)
    assert len(result.flags) + len(result.not_applicable) == 15
    json.dumps(result.to_json())
    for flag in result.flags:
        assert flag.facts and flag.sources and flag.reason
        assert "${" not in flag.reason
        if lang == "en":
            assert MAY_APPLY in flag.reason.lower()
        else:
            assert flag.reason.startswith("Puede aplicar — revisión del abogado")
