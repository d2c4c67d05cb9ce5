"""Property tests: generated valid intakes round-trip; a mutation is reported at its own path.

The generators are written from intake-format.md, not from the module's schema, so a schema that
drifts from the spec fails here.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.countries import COUNTRY_CODES
from clinic_app.intake_format import dump_intake, parse_intake, validate_facts

SETTINGS = settings(database=None, deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])

ENUMS: dict[str, tuple[str, ...]] = {
    "border": ("southern_land", "coastal", "northern_land", "air"),
    "place": ("port", "between_ports"),
    "documents": ("visa", "travel_authorization", "none"),
    "accompanied_by": ("parent", "legal_guardian", "other_adult", "none"),
    "processing": ("nta", "parole", "expedited_removal", "proclamation_212f_removal",
                   "mpp_return", "detained", "released"),
    "status": ("kept", "cancelled", "missed"),
    "program": ("cbp_one", "chnv", "mpp_wind_down", "other"),
    "stage": ("credible_fear", "reasonable_fear", "immigration_judge", "bia", "asylum_office"),
    "outcome": ("positive", "negative", "granted", "denied", "pretermitted",
                "withholding_granted", "cat_granted", "removal_order", "in_absentia_order",
                "terminated"),
    "grounds": ("transit_bar_2019", "clp_2023", "stb_2024", "proclamation_10888", "one_year",
                "other"),
    "kind": ("removed", "left_voluntarily"),
    "where": ("uscis", "immigration_court"),
    "how": ("filed", "lodged", "derivative"),
    "relationship": ("child", "spouse", "parent", "sibling", "other"),
    "current_location": ("united_states", "detained_united_states", "mexico", "elsewhere"),
    "confidentiality_risks": ("home_government_contact", "media", "school_or_employer_request",
                              "interpreter_conflict", "other"),
}
EVENT_TYPES = ("turned_back", "entry", "mpp_return", "cbp_one_appointment", "parole", "decision",
               "departure", "asylum_filed", "hearing", "changed_circumstances")
ENUM_KEYS = set(ENUMS) | {"type"}

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
bools = st.booleans()
countries = st.sampled_from(sorted(COUNTRY_CODES))
zones = st.sampled_from(["America/Los_Angeles", "America/New_York", "America/Mexico_City",
                         "America/Tijuana", "UTC", "Europe/Minsk", "Asia/Shanghai"])


def enum(key: str) -> st.SearchStrategy[str]:
    return st.sampled_from(ENUMS[key])


def enum_list(key: str) -> st.SearchStrategy[list[str]]:
    return st.lists(enum(key), max_size=4)


def partial(day: date, precision: int) -> str:
    return day.isoformat()[: (4, 7, 10)[precision]]


@st.composite
def dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(date(1900, 1, 1), date(2200, 12, 31)))
    return partial(day, draw(st.integers(0, 2)))


@st.composite
def dated_keys(draw: st.DrawFn, event_type: str) -> dict[str, Any]:
    """`type`, `date` and maybe `date_to` (never ending before `date` starts), time, zone."""
    start = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
    out: dict[str, Any] = {"type": event_type, "date": partial(start, draw(st.integers(0, 2)))}
    if draw(bools):
        end = draw(st.dates(start, date(2101, 12, 31)))
        out["date_to"] = partial(end, draw(st.integers(0, 2)))
    optional = draw(st.fixed_dictionaries({}, optional={
        "approximate": bools, "time": st.from_regex(r"([01][0-9]|2[0-3]):[0-5][0-9]",
                                                    fullmatch=True),
        "timezone": zones}))
    return out | optional


EVENT_EXTRAS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "turned_back": {"port": texts, "waitlisted": bools, "evidence": texts},
    "entry": {"border": enum("border"), "place": enum("place"), "port": texts,
              "documents": enum("documents"), "cbp_one_appointment": bools, "apprehended": bools,
              "accompanied_by": enum("accompanied_by"), "designated_uac": bools,
              "processing": enum_list("processing")},
    "mpp_return": {"city": texts, "court": texts},
    "cbp_one_appointment": {"port": texts, "status": enum("status")},
    "parole": {"program": enum("program"), "until": dates(),
               "termination_notice_date": st.none() | dates()},
    "decision": {"stage": enum("stage"), "outcome": enum("outcome"),
                 "grounds": enum_list("grounds"), "final": bools},
    "departure": {"kind": enum("kind")},
    "asylum_filed": {"where": enum("where"), "how": enum("how")},
    "hearing": {"court": texts},
    "changed_circumstances": {"description": texts},
}


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    event_type = draw(st.sampled_from(EVENT_TYPES))
    head = draw(dated_keys(event_type))
    return head | draw(st.fixed_dictionaries({}, optional=EVENT_EXTRAS[event_type]))


clients = st.fixed_dictionaries({}, optional={
    "given_names": texts, "family_names": texts, "date_of_birth": dates(),
    "nationalities": st.lists(countries, max_size=3),
    "languages": st.lists(st.from_regex(r"[a-z]{2,3}", fullmatch=True), max_size=3),
    "a_number": st.from_regex(r"A[0-9]{8,9}", fullmatch=True), "sex": texts,
})
household_members = st.fixed_dictionaries({}, optional={
    "relationship": enum("relationship"), "given_names": texts, "family_names": texts,
    "date_of_birth": dates(), "travelled_with_client": bools,
})
intakes = st.fixed_dictionaries({"format": st.just("clinic-intake/1")}, optional={
    "intake_date": dates(), "client": clients, "household": st.lists(household_members, max_size=3),
    "transit_countries": st.lists(countries, max_size=4),
    "applied_for_protection_in_transit_country": bools, "represented_by": st.none() | texts,
    "fears_harm_in_mexico": bools, "confidentiality_risks": enum_list("confidentiality_risks"),
    "events": st.lists(events(), max_size=6), "current_location": enum("current_location"),
    "notes": texts,
})


def path_of(keys: tuple[str | int, ...]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out or "$"


def objects(value: Any, keys: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Locations of every JSON object in the document."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(value, dict):
        found.append(keys)
        for k, v in value.items():
            found += objects(v, (*keys, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += objects(v, (*keys, i))
    return found


def enum_places(doc: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """Locations of every enum value (scalar or list item) in the document."""
    places: list[tuple[str | int, ...]] = []
    for keys in objects(doc):
        obj = locate(doc, keys)
        for k, v in obj.items():
            if k in ENUM_KEYS and not (k == "type" and not keys):
                places += [(*keys, k, i) for i in range(len(v))] if isinstance(v, list) \
                    else [(*keys, k)]
    return places


def locate(doc: Any, keys: tuple[str | int, ...]) -> Any:
    for key in keys:
        doc = doc[key]
    return doc


@SETTINGS
@given(intakes)
def test_generated_intakes_parse_and_round_trip(facts: dict[str, Any]) -> None:
    doc = parse_intake(json.dumps(facts))
    assert doc.facts == facts
    text = dump_intake(doc)
    assert json.loads(text) == facts
    assert parse_intake(text).facts == doc.facts
    assert parse_intake(text.encode("utf-8")).facts == facts


@SETTINGS
@given(intakes, st.data())
def test_unknown_key_is_reported_where_inserted(facts: dict[str, Any], data: st.DataObject) -> None:
    where = data.draw(st.sampled_from(objects(facts)))
    key = data.draw(st.from_regex(r"zz[a-z_]{0,8}", fullmatch=True))
    mutated = copy.deepcopy(facts)
    locate(mutated, where)[key] = data.draw(st.none() | texts | bools)
    issues = validate_facts(mutated)
    expected = path_of((*where, key))
    assert [i.path for i in issues] == [expected]
    assert issues[0].message.startswith(f"unknown key '{key}'")


@SETTINGS
@given(intakes.filter(lambda f: bool(enum_places(f))), st.data())
def test_bad_enum_value_is_reported_at_its_path(facts: dict[str, Any], data: st.DataObject) -> None:
    where = data.draw(st.sampled_from(enum_places(facts)))
    bad = data.draw(texts.map(lambda t: "x" + t) | st.integers() | st.none() | bools)
    mutated = copy.deepcopy(facts)
    locate(mutated, where[:-1])[where[-1]] = bad
    issues = validate_facts(mutated)
    assert [i.path for i in issues] == [path_of(where)]
    if isinstance(bad, str):
        assert issues[0].message.startswith(f"'{bad}' is not one of: ")
    else:
        assert issues[0].message.startswith("expected one of: ")
