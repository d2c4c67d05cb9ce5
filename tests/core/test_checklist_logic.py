"""The shipped checklist over real and crafted intakes: skip logic, progress, checks, timeline."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.checklist import (
    Checklist,
    QuestionType,
    Severity,
    check_facts,
    events_sorted,
    get_answer,
    hidden_answers,
    missing_for_completion,
    new_facts,
    section_progress,
    set_answer,
    visible_fields,
    visible_questions,
)
from clinic_app.checklist.schema import DATE_KEYS, EVENT_KEYS, HOUSEHOLD_KEYS, TOP_LEVEL
from forms.checklist_loader import default_checklist_path, load_checklist

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("s*.json"))
AS_OF = date(2026, 7, 1)  # the scenarios' intake date
_ITEM_LISTS = (QuestionType.RECORD_LIST, QuestionType.EVENT_LIST)


@functools.cache
def shipped() -> Checklist:
    return load_checklist(default_checklist_path())


def scenario(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def answers_of(checklist: Checklist, facts: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every answer the checklist can read from `facts`, as (path, value) in interview order."""
    out: list[tuple[str, Any]] = []
    for question in checklist.questions():
        value = get_answer(facts, question.path)
        if value is None:
            continue
        if question.type not in _ITEM_LISTS:
            out.append((question.path, value))
            continue
        out.append((question.path, []))
        for index, item in enumerate(value):
            prefix = f"{question.path}[{index}]"
            if question.type is QuestionType.EVENT_LIST:
                out.append((f"{prefix}.type", item["type"]))
                event_type = checklist.event_type(item["type"])
                assert event_type is not None, item["type"]
                fields = event_type.fields
            else:
                fields = question.fields
            for field in fields:
                keys = DATE_KEYS if field.range else (field.key,)
                for key in keys:
                    answer = get_answer(facts, f"{prefix}.{key}")
                    if answer is not None:
                        out.append((f"{prefix}.{key}", answer))
    return out


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_answers_rebuild_the_scenario(path: Path) -> None:
    """The checklist covers every key the scenarios use, and writing the answers one by one
    into an empty intake gives the same facts back (null, [] and absent kept apart)."""
    facts = scenario(path)
    rebuilt = new_facts()
    for answer_path, value in answers_of(shipped(), facts):
        rebuilt = set_answer(rebuilt, answer_path, value)
    assert rebuilt == facts


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenarios_have_no_errors_and_are_complete(path: Path) -> None:
    facts = scenario(path)
    issues = check_facts(shipped(), facts, today=AS_OF)
    assert [i for i in issues if i.severity is Severity.ERROR] == []
    assert missing_for_completion(shipped(), facts, today=AS_OF) == []


def test_checklist_covers_the_whole_format() -> None:
    checklist = shipped()
    assert {q.path for q in checklist.questions()} == set(TOP_LEVEL)
    household = checklist.question_at("household")
    assert household is not None
    assert {f.key for f in household.fields} == set(HOUSEHOLD_KEYS)
    assert {e.type for e in checklist.event_types} == set(EVENT_KEYS)
    for event_type in checklist.event_types:
        assert {f.key for f in event_type.fields} == {"date", *EVENT_KEYS[event_type.type]}


# -- skip logic --------------------------------------------------------------------------


def visible_ids(facts: dict[str, Any]) -> set[str]:
    return {q.id for q in visible_questions(shipped(), facts, today=AS_OF)}


def test_transit_protection_is_asked_only_after_a_transit_country() -> None:
    question = "applied_for_protection_in_transit_country"
    assert question not in visible_ids(new_facts())  # transit not asked yet
    assert question not in visible_ids(set_answer(new_facts(), "transit_countries", []))
    assert question in visible_ids(set_answer(new_facts(), "transit_countries", ["GT", "MX"]))


def test_fear_of_mexico_is_not_asked_of_a_mexican_national() -> None:
    assert "fears_harm_in_mexico" in visible_ids(new_facts())
    mexican = set_answer(new_facts(), "client.nationalities", ["US", "MX"])
    assert "fears_harm_in_mexico" not in visible_ids(mexican)


def test_an_undecidable_condition_shows_the_question() -> None:
    broken = {"format": "clinic-intake/1", "transit_countries": 5}
    assert "applied_for_protection_in_transit_country" in visible_ids(broken)


def field_keys(facts: dict[str, Any], item: str) -> set[str]:
    return {f.key for f in visible_fields(shipped(), facts, item, today=AS_OF)}


def test_entry_fields_follow_place_and_age() -> None:
    adult = {"format": "clinic-intake/1", "client": {"date_of_birth": "1990-01-25"},
             "events": [{"type": "entry", "date": "2023-05-11", "place": "between_ports"}]}
    keys = field_keys(adult, "events[0]")
    assert {"border", "place", "documents", "processing"} <= keys
    assert not {"port", "cbp_one_appointment", "accompanied_by", "designated_uac"} & keys
    # s10: 16 at entry -> asked who came with him; a DOB range that may be a minor -> asked too.
    child = set_answer(adult, "client.date_of_birth", "2008-11-12")
    assert {"accompanied_by", "designated_uac"} <= field_keys(child, "events[0]")
    unsure = set_answer(adult, "client.date_of_birth", "2005")  # may turn 18 after 2023-05-11
    assert "accompanied_by" in field_keys(unsure, "events[0]")
    no_dob = set_answer(adult, "client.date_of_birth", None)
    assert "designated_uac" in field_keys(no_dob, "events[0]")
    at_port = set_answer(adult, "events[0].place", "port")
    assert {"port", "cbp_one_appointment"} <= field_keys(at_port, "events[0]")


def test_fields_of_an_unknown_item_are_empty() -> None:
    facts = {"format": "clinic-intake/1", "events": [{"type": "bogus"}, 3]}
    assert field_keys(facts, "events[0]") == set()
    assert field_keys(facts, "events[1]") == set()
    assert field_keys(facts, "events[9]") == set()
    assert field_keys(facts, "notes") == set()


def test_hidden_answers_are_kept_and_listed() -> None:
    facts = set_answer(new_facts(), "transit_countries", ["MX"])
    facts = set_answer(facts, "applied_for_protection_in_transit_country", True)
    facts = set_answer(facts, "transit_countries", [])
    assert facts["applied_for_protection_in_transit_country"] is True
    assert hidden_answers(shipped(), facts, today=AS_OF) == [
        "applied_for_protection_in_transit_country"]


# -- progress and completion ---------------------------------------------------------------


def test_progress_counts_visible_questions_and_none_answers() -> None:
    progress = section_progress(shipped(), new_facts(), today=AS_OF)
    assert progress["journey"] == (0, 1)
    facts = set_answer(new_facts(), "transit_countries", ["MX"])
    assert section_progress(shipped(), facts, today=AS_OF)["journey"] == (1, 2)
    facts = set_answer(facts, "applied_for_protection_in_transit_country", False)
    assert section_progress(shipped(), facts, today=AS_OF)["journey"] == (2, 2)
    facts = set_answer(new_facts(), "confidentiality_risks", [])  # "None" is an answer
    assert section_progress(shipped(), facts, today=AS_OF)["confidentiality"] == (1, 1)


def test_missing_for_completion_names_questions_and_event_fields() -> None:
    facts = set_answer(new_facts(), "events", [{"type": "entry", "date": "2019-08-15"},
                                               {"type": "mystery"}])
    missing = {path: (en, es) for path, en, es in
               missing_for_completion(shipped(), facts, today=AS_OF)}
    assert "confidentiality_risks" in missing
    assert "client.date_of_birth" in missing
    assert "events" not in missing
    assert missing["events[0].border"] == ("Entry into the US (15 Aug 2019): Where did the "
                                           "client cross?",
                                           "Entrada a EE. UU. (15 ago 2019): ¿Por dónde cruzó?")
    assert "events[1].type" in missing
    assert "applied_for_protection_in_transit_country" not in missing  # hidden


# -- cross-field checks ------------------------------------------------------------------

BASE = {"format": "clinic-intake/1", "intake_date": "2026-07-01"}
BAD_DRAFTS: dict[str, tuple[dict[str, Any], str]] = {
    "event-before-birth": (
        {"client": {"date_of_birth": "1990-05"}, "events": [{"type": "entry", "date": "1989-12"}]},
        "events[0].date"),
    "event-in-future": ({"events": [{"type": "entry", "date": "2026-08-03"}]}, "events[0].date"),
    "event-after-intake": (
        {"intake_date": "2026-01-10", "events": [{"type": "decision", "date": "2026-03-03"}]},
        "events[0].date"),
    "date-range-reversed": (
        {"events": [{"type": "entry", "date": "2025-01", "date_to": "2024-12"}]},
        "events[0].date"),
    "birth-after-intake": ({"intake_date": "2020-01-01", "client": {"date_of_birth": "2021"}},
                           "client.date_of_birth"),
    "mpp-return-mexican-national": (
        {"client": {"nationalities": ["MX"]},
         "events": [{"type": "mpp_return", "date": "2025-03-01"}]}, "events[0]"),
    "mpp-processing-mexican-national": (
        {"client": {"nationalities": ["GT", "MX"]},
         "events": [{"type": "entry", "date": "2025-03-01", "processing": ["nta", "mpp_return"]}]},
        "events[0].processing"),
    "mpp-return-designated-uac": (
        {"events": [{"type": "entry", "date": "2025-03-01", "designated_uac": True},
                    {"type": "mpp_return", "date": "2025-03-02"}]}, "events[1]"),
    "uac-adult-at-entry": (
        {"client": {"date_of_birth": "2000-06"},
         "events": [{"type": "entry", "date": "2025-03-01", "designated_uac": True}]},
        "events[0].designated_uac"),
    "before-first-entry": (
        {"events": [{"type": "entry", "date": "2025-03-01"},
                    {"type": "hearing", "date": "2024-11-02"}]}, "events[1].date"),
    "parole-ends-before-start": (
        {"events": [{"type": "parole", "date": "2025-03-01", "until": "2024-01"}]},
        "events[0].until"),
    "termination-before-parole": (
        {"events": [{"type": "parole", "date": "2025-03-01",
                     "termination_notice_date": "2024-05-01"}]},
        "events[0].termination_notice_date"),
    "cbp-one-outside-program": (
        {"events": [{"type": "cbp_one_appointment", "date": "2025-02-10", "status": "kept"}]},
        "events[0].date"),
    "cbp-one-between-ports": (
        {"events": [{"type": "entry", "date": "2024-03-01", "place": "between_ports",
                     "cbp_one_appointment": True}]}, "events[0].place"),
    "protection-without-transit": (
        {"transit_countries": [], "applied_for_protection_in_transit_country": True},
        "applied_for_protection_in_transit_country"),
    "child-born-before-client": (
        {"client": {"date_of_birth": "1990"},
         "household": [{"relationship": "child", "date_of_birth": "1985-02"}]},
        "household[0].date_of_birth"),
    "parent-born-after-client": (
        {"client": {"date_of_birth": "1990"},
         "household": [{"relationship": "parent", "date_of_birth": "1995"}]},
        "household[0].date_of_birth"),
}


def test_every_check_has_a_crafted_bad_draft() -> None:
    assert {c.id for c in shipped().checks} == set(BAD_DRAFTS)


@pytest.mark.parametrize("check_id", sorted(BAD_DRAFTS))
def test_each_check_fires_on_its_bad_draft_in_plain_words(check_id: str) -> None:
    draft, path = BAD_DRAFTS[check_id]
    issues = [i for i in check_facts(shipped(), {**BASE, **draft}, today=AS_OF)
              if i.code == check_id]
    assert [i.path for i in issues] == [path]
    issue = issues[0]
    check = next(c for c in shipped().checks if c.id == check_id)
    assert issue.severity == check.severity
    for message in (issue.message_en, issue.message_es):
        assert "{" not in message and "(?)" not in message
    assert issue.message_en != issue.message_es


def test_future_entry_reads_as_the_ux_guide_says() -> None:
    draft = {**BASE, "events": [{"type": "entry", "date": "2026-03-03"}]}
    issues = check_facts(shipped(), draft, today=date(2026, 2, 1))
    future = [i for i in issues if i.code == "event-in-future"]
    assert future[0].message_en == "The entry date (3 Mar 2026) is after today. Check the year."
    assert future[0].message_es == ("La fecha de entrada (3 mar 2026) es posterior a hoy. "
                                    "Revise el año.")


def test_a_future_hearing_is_normal() -> None:
    draft = {**BASE, "events": [{"type": "hearing", "date": "2026-10"}]}
    assert check_facts(shipped(), draft, today=AS_OF) == []


@pytest.mark.parametrize(("a_number", "ok"), [
    ("A012345678", True), ("A12345678", True), ("A12-345", False), ("12345678", False),
    ("a012345678", False), ("A0123456789", False)])
def test_a_number_pattern(a_number: str, ok: bool) -> None:
    draft = {**BASE, "client": {"a_number": a_number}}
    issues = check_facts(shipped(), draft, today=AS_OF)
    assert (issues == []) is ok
    if not ok:
        assert issues[0].path == "client.a_number"
        assert a_number in issues[0].message_en and "8 or 9 digits" in issues[0].message_en
        assert "8 o 9 dígitos" in issues[0].message_es


def test_answer_validation_reports_wrong_shapes_at_their_paths() -> None:
    draft = {**BASE, "intake_date": "31/02/2020",
             "client": {"given_names": 5, "nationalities": "HN", "languages": ["Spanish"],
                        "date_of_birth": "2099"},
             "transit_countries": ["XX", "MX", "MX"], "current_location": "moon",
             "notes": None,
             "events": [{"type": "bogus"}, 7,
                        {"type": "entry", "date": "2025-02-30", "time": "25:00",
                         "timezone": "Mars/Olympus", "approximate": "yes", "border": "sea"}]}
    paths = {i.path for i in check_facts(shipped(), draft, today=AS_OF)}
    assert {"intake_date", "client.given_names", "client.nationalities", "client.languages",
            "client.date_of_birth", "transit_countries", "current_location", "notes",
            "events[0].type", "events[1]", "events[2].date", "events[2].border"} <= paths


# -- timeline ------------------------------------------------------------------------------


def test_events_sorted_by_possible_days_with_undated_last() -> None:
    facts = scenario(SCENARIOS / "s12-ahmed-mauritania.json")
    order = [i for i, _ in events_sorted(facts)]
    assert order == [2, 1, 3, 5, 0, 4, 6]
    facts = {"events": [{"type": "entry", "date": "2019-08"},
                        {"type": "hearing"},
                        {"type": "entry", "date": "2019-08-15"},
                        "junk",
                        {"type": "entry", "date": "2019"}]}
    assert [i for i, _ in events_sorted(facts)] == [4, 0, 2, 1]
    assert events_sorted({"events": "none"}) == []


# -- never raises ---------------------------------------------------------------------------

junk = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=True),
                 st.text(max_size=12), st.sampled_from(["2019", "2019-07", "2019-07-15", "MX",
                                                        "A012345678", "port", "entry", "21:00",
                                                        "America/Tijuana", "2019-02-30"]))
values = st.recursive(junk, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)
EVENT_FIELD_NAMES = sorted({k for keys in EVENT_KEYS.values() for k in keys} | set(DATE_KEYS))


@st.composite
def drafts(draw: st.DrawFn) -> Any:
    """Dicts shaped like the format, with any value (or type) anywhere."""
    facts: dict[str, Any] = {"format": "clinic-intake/1"}
    for path in draw(st.lists(st.sampled_from(sorted(TOP_LEVEL)), max_size=8)):
        top, _, sub = path.partition(".")
        if sub:
            client = facts.setdefault(top, {})
            if isinstance(client, dict):
                client[sub] = draw(values)
        elif path == "events":
            facts[path] = draw(st.lists(st.one_of(values, st.dictionaries(
                st.sampled_from(["type", *EVENT_FIELD_NAMES]),
                st.one_of(st.sampled_from(sorted(EVENT_KEYS)), values), max_size=6)), max_size=4))
        elif path == "household":
            facts[path] = draw(st.lists(st.one_of(values, st.dictionaries(
                st.sampled_from(sorted(HOUSEHOLD_KEYS)), values, max_size=4)), max_size=3))
        else:
            facts[path] = draw(values)
    if draw(st.booleans()):
        facts["client"] = draw(values)
    return facts


@settings(database=None, deadline=None, max_examples=150,
          suppress_health_check=[HealthCheck.too_slow])
@given(drafts(), st.dates(date(1990, 1, 1), date(2040, 1, 1)))
def test_nothing_raises_on_any_draft(facts: Any, today: date) -> None:
    checklist = shipped()
    issues = check_facts(checklist, facts, today=today)
    assert all(i.code != "internal" for i in issues)
    assert all(i.message_en and i.message_es for i in issues)
    visible_questions(checklist, facts, today=today)
    section_progress(checklist, facts, today=today)
    missing_for_completion(checklist, facts, today=today)
    hidden_answers(checklist, facts, today=today)
    events_sorted(facts)
    for index in range(len(facts.get("events") or []) if isinstance(facts.get("events"), list)
                       else 0):
        visible_fields(checklist, facts, f"events[{index}]", today=today)
