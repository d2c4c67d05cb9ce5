"""clinic-intake/1 reading and writing: scenarios round-trip, every error names its JSON path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from clinic_app.countries import COUNTRY_CODES, COUNTRY_NAMES, country_name
from clinic_app.domain import FORMAT_ID, IntakeDocument
from clinic_app.errors import FormatIssue, IntakeFormatError
from clinic_app.intake_format import (
    EVENT_SCHEMAS,
    dump_intake,
    load_intake_file,
    parse_intake,
    validate_facts,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("s*.json"))


def base() -> dict[str, Any]:
    """A small valid intake that the error cases below mutate one place at a time."""
    return {
        "format": FORMAT_ID,
        "intake_date": "2026-07-01",
        "client": {"given_names": "Ana", "family_names": "Rosales", "date_of_birth": "1992-01-09",
                   "nationalities": ["HN", "GT"], "languages": ["es"], "a_number": "A012345678"},
        "household": [
            {"relationship": "child", "given_names": "Luz", "travelled_with_client": True}],
        "represented_by": None,
        "events": [
            {"type": "turned_back", "date": "2019-06-20", "port": "San Ysidro"},
            {"type": "entry", "date": "2023-05-11", "time": "21:00",
             "timezone": "America/Los_Angeles", "border": "southern_land", "processing": ["nta"]},
            {"type": "asylum_filed", "date": "2024-03", "date_to": "2024-05", "how": "filed"},
        ],
    }


def issues_for(doc: Any) -> list[FormatIssue]:
    with pytest.raises(IntakeFormatError) as info:
        parse_intake(json.dumps(doc))
    return info.value.issues


def issues_for_text(text: str | bytes) -> list[FormatIssue]:
    with pytest.raises(IntakeFormatError) as info:
        parse_intake(text, source="case.json")
    assert info.value.source == "case.json"
    return info.value.issues


def test_scenarios_are_present() -> None:
    assert len(SCENARIO_FILES) >= 12


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_parses_and_round_trips(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    doc = load_intake_file(path)
    assert doc.facts == raw
    text = dump_intake(doc)
    assert json.loads(text) == raw
    again = parse_intake(text)
    assert again.facts == doc.facts
    assert list(again.facts) == list(raw)  # key order kept
    assert validate_facts(doc.facts) == []


def test_base_is_valid() -> None:
    assert parse_intake(json.dumps(base())).facts == base()


def test_dump_is_indented_utf8_with_trailing_newline() -> None:
    facts = base()
    facts["client"]["given_names"] = "Ana Lucía 李"
    text = dump_intake(IntakeDocument(facts))
    assert text.endswith("}\n")
    assert '\n  "intake_date": "2026-07-01",' in text
    assert "Ana Lucía 李" in text
    assert text.index('"format"') < text.index('"intake_date"') < text.index('"events"')


def test_dump_accepts_read_only_mappings() -> None:
    facts = base()
    facts["client"] = MappingProxyType(facts["client"])
    assert json.loads(dump_intake(IntakeDocument(MappingProxyType(facts))))["client"]["a_number"] \
        == "A012345678"


def test_dump_refuses_invalid_facts() -> None:
    facts = base()
    facts["client"]["nationalities"] = ["ZZ"]
    with pytest.raises(IntakeFormatError) as info:
        dump_intake(IntakeDocument(facts))
    assert [i.path for i in info.value.issues] == ["client.nationalities[0]"]


def test_only_format_is_required() -> None:
    assert parse_intake('{"format": "clinic-intake/1"}').facts == {"format": FORMAT_ID}


Mutation = Callable[[dict[str, Any]], None]


def _set(*keys: str | int, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return mutate


def _delete(*keys: str | int) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]
    return mutate


ERROR_CASES: list[tuple[str, Mutation, str, str]] = [
    ("unknown top-level key", _set("intake_dte", value="2026-07-01"),
     "intake_dte", "unknown key 'intake_dte' (did you mean 'intake_date'?)"),
    ("unknown client key", _set("client", "nationality", value=["HN"]),
     "client.nationality", "unknown key 'nationality' (did you mean 'nationalities'?)"),
    ("unknown event key", _set("events", 1, "dte", value="2023"),
     "events[1].dte", "unknown key 'dte' (did you mean 'date'?)"),
    ("key of another event type", _set("events", 2, "port", value="X"),
     "events[2].port", "unknown key 'port' (not a key of 'asylum_filed' events)"),
    ("unknown household key", _set("household", 0, "relation", value="child"),
     "household[0].relation", "unknown key 'relation' (did you mean 'relationship'?)"),
    ("odd key is quoted", _set("client", "given names", value="Ana"),
     'client["given names"]', "unknown key 'given names' (did you mean 'given_names'?)"),
    ("bad date", _set("intake_date", value="01/07/2026"),
     "intake_date", "'01/07/2026' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"),
    ("no month 13", _set("client", "date_of_birth", value="1992-13"),
     "client.date_of_birth", "'1992-13': there is no month 13"),
    ("impossible day", _set("events", 0, "date", value="2025-02-30"),
     "events[0].date", "'2025-02-30': February 2025 has no day 30"),
    ("non-ASCII digits", _set("events", 0, "date", value="٢٠٢٥"),
     "events[0].date", "is not a date"),
    ("trailing newline in date", _set("intake_date", value="2026-07-01\n"),
     "intake_date", "is not a date"),
    ("date_to before date", _set("events", 2, "date_to", value="2024-02-28"),
     "events[2].date_to", "'2024-02-28' ends before the date '2024-03' starts"),
    ("wrong enum", _set("events", 2, "how", value="lodgd"),
     "events[2].how", "'lodgd' is not one of: filed, lodged, derivative"),
    ("wrong enum in list", _set("events", 1, "processing", value=["nta", "paroled"]),
     "events[1].processing[1]", "'paroled' is not one of: nta, parole,"),
    ("wrong household relationship", _set("household", 0, "relationship", value="son"),
     "household[0].relationship", "'son' is not one of: child, spouse, parent, sibling, other"),
    ("list expected", _set("events", 1, "processing", value=3),
     "events[1].processing", "expected a list of strings, got a number"),
    ("single string for a list", _set("client", "nationalities", value="HN"),
     "client.nationalities",
     'expected a list of country codes, got a string (write ["HN"] for one)'),
    ("0/1 is not a boolean", _set("household", 0, "travelled_with_client", value=1),
     "household[0].travelled_with_client", "expected true or false, got a number"),
    ("string is not a boolean", _set("events", 0, "waitlisted", value="yes"),
     "events[0].waitlisted", "expected true or false, got a string"),
    ("null not allowed", _set("intake_date", value=None),
     "intake_date", "expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got null"),
    ("nullable, wrong type", _set("represented_by", value=7),
     "represented_by", "expected a string or null, got a number"),
    ("object expected", _set("client", value=["Ana"]), "client", "expected an object, got a list"),
    ("event not an object", _set("events", 1, value="entry"),
     "events[1]", "expected an object, got a string"),
    ("bad A-number", _set("client", "a_number", value="A1234"),
     "client.a_number", "'A1234' is not an A-number: use 'A' and 8 or 9 digits"),
    ("A-number with dashes", _set("client", "a_number", value="A-012-345-678"),
     "client.a_number", "(did you mean 'A012345678'?)"),
    ("bad country", _set("client", "nationalities", 1, value="XX"),
     "client.nationalities[1]", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    ("lowercase country", _set("transit_countries", value=["mx"]),
     "transit_countries[0]", "'mx' is not an ISO 3166-1 alpha-2 country code (did you mean 'MX'?)"),
    ("unassigned country", _set("client", "nationalities", 0, value="XX"),
     "client.nationalities[0]", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    ("bad language", _set("client", "languages", value=["Spanish"]),
     "client.languages[0]", "'Spanish' is not an ISO 639 language code"),
    ("bad timezone", _set("events", 1, "timezone", value="Pacific Time"),
     "events[1].timezone", "'Pacific Time' is not an IANA time zone"),
    ("timezone case", _set("events", 1, "timezone", value="america/los_angeles"),
     "events[1].timezone", "(did you mean 'America/Los_Angeles'?)"),
    ("timezone directory", _set("events", 1, "timezone", value="America"),
     "events[1].timezone", "'America' is not an IANA time zone"),
    ("timezone path", _set("events", 1, "timezone", value="../../etc/passwd"),
     "events[1].timezone", "is not an IANA time zone"),
    ("machine-local zone", _set("events", 1, "timezone", value="localtime"),
     "events[1].timezone", "'localtime' is not an IANA time zone"),
    ("bad time", _set("events", 1, "time", value="24:00"),
     "events[1].time", "'24:00' is not a time: use HH:MM, 24-hour (00:00-23:59)"),
    ("one-digit hour", _set("events", 1, "time", value="9:30"),
     "events[1].time", "(did you mean '09:30'?)"),
    ("missing format", _delete("format"), "$", "missing required key 'format'"),
    ("wrong format", _set("format", value="clinic-intake/2"),
     "format", "unsupported format 'clinic-intake/2' (expected 'clinic-intake/1')"),
    ("event without date", _delete("events", 0, "date"),
     "events[0]", "missing required key 'date'"),
    ("event without type", _delete("events", 0, "type"),
     "events[0]", "missing required key 'type'"),
    ("lone surrogate", _set("client", "given_names", value="\ud800"),
     "client.given_names", "invalid character"),
]


@pytest.mark.parametrize(("mutate", "path", "message"), [c[1:] for c in ERROR_CASES],
                         ids=[c[0] for c in ERROR_CASES])
def test_error_names_its_path(mutate: Mutation, path: str, message: str) -> None:
    doc = base()
    mutate(doc)
    issues = issues_for(doc)
    assert len(issues) == 1, issues
    assert issues[0].path == path
    assert message in issues[0].message
    assert validate_facts(doc) == issues


def test_long_values_are_shortened_in_messages() -> None:
    doc = base()
    doc["events"][1]["timezone"] = "x" * 5000
    [issue] = issues_for(doc)
    assert issue.message == f"'{'x' * 40}…' is not an IANA time zone"


def test_unknown_event_type_is_one_issue_without_noise() -> None:
    doc = base()
    doc["events"][1]["type"] = "entri"
    doc["events"][1]["whatever"] = 3
    doc["events"][1]["date"] = "nonsense"
    issues = issues_for(doc)
    assert issues == [FormatIssue(
        "events[1].type", "'entri' is not one of: " + ", ".join(EVENT_SCHEMAS))]


def test_event_type_of_wrong_type() -> None:
    doc = base()
    doc["events"][0]["type"] = 5
    assert [(i.path, i.message.endswith("got a number")) for i in issues_for(doc)] == [
        ("events[0].type", True)]


def test_all_errors_of_a_file_are_reported_at_once() -> None:
    doc = base()
    doc["client"]["nationalities"][0] = "XX"
    doc["events"][0]["dte"] = "2019"
    doc["household"][0]["relationship"] = "cousin"
    issues = issues_for(doc)
    assert sorted(i.path for i in issues) == [
        "client.nationalities[0]", "events[0].dte", "household[0].relationship"]
    with pytest.raises(IntakeFormatError) as info:
        parse_intake(json.dumps(doc), source="ana.json")
    assert str(info.value).startswith("ana.json: ")
    assert "events[0].dte" in str(info.value)


def test_many_errors_all_reported() -> None:
    doc = base()
    doc["events"] = [{"type": "hearing", "date": f"2025-02-{29 + i}"} for i in range(3)]
    doc["events"] += [{"type": "hearing", "date": "2025-03-01"}] * 3
    assert [i.path for i in issues_for(doc)] == ["events[0].date", "events[1].date",
                                                 "events[2].date"]


def test_duplicate_key_is_an_error() -> None:
    text = ('{"format": "clinic-intake/1", "client": {"given_names": "Ana", '
            '"given_names": "Luz"}, "events": [{"type": "hearing", "date": "2025", '
            '"date": "2026"}]}')
    issues = issues_for_text(text)
    assert [(i.path, i.message) for i in issues] == [
        ("client.given_names", "key 'given_names' appears more than once"),
        ("events[0].date", "key 'date' appears more than once"),
    ]


def test_duplicate_key_at_top_level() -> None:
    issues = issues_for_text('{"format": "clinic-intake/1", "format": "clinic-intake/1"}')
    assert [i.path for i in issues] == ["format"]


def test_top_level_not_an_object() -> None:
    assert issues_for_text("[1, 2]") == [FormatIssue("$", "expected an object, got a list")]


def test_truncated_file() -> None:
    text = json.dumps(base(), indent=2)
    cut = text[: text.index('"events"') + 40]
    [issue] = issues_for_text(cut)
    assert issue.path == "$"
    assert issue.message.startswith("file ends early (truncated?) at line ")
    last_line = cut.count("\n") + 1
    assert f"line {last_line}, column" in issue.message


def test_truncated_inside_a_string() -> None:
    [issue] = issues_for_text('{\n  "format": "clinic-intake/1",\n  "notes": "half a sen')
    assert issue.message.startswith("file ends early (truncated?) at line 3, column ")
    assert "starting at line 3, column 12" in issue.message


def test_not_json() -> None:
    text = '{\n  "format": "clinic-intake/1"\n  "notes": "x"\n}'
    [issue] = issues_for_text(text)
    assert issue == FormatIssue("$", "not valid JSON at line 3, column 3: Expecting ',' delimiter")


def test_not_json_at_all() -> None:
    [issue] = issues_for_text("format: clinic-intake/1\n")
    assert issue.message.startswith("not valid JSON at line 1, column 1: ")


def test_trailing_garbage() -> None:
    [issue] = issues_for_text('{"format": "clinic-intake/1"}\n{"format": "clinic-intake/1"}')
    assert issue.message == "not valid JSON at line 2, column 1: Extra data"


def test_empty_file() -> None:
    assert issues_for_text(b"  \n") == [FormatIssue("$", "the file is empty")]


def test_absurdly_nested_or_long_input_is_an_issue_not_a_crash() -> None:
    assert issues_for_text("[" * 100_000)[0].message == "not valid JSON: nested too deeply"
    [issue] = issues_for_text('{"format": ' + "1" * 5000 + "}")
    assert issue.message.startswith("not valid JSON: ")


def test_non_utf8_bytes() -> None:
    data = '{\n  "format": "clinic-intake/1",\n  "notes": "café"\n}'.encode("latin-1")
    [issue] = issues_for_text(data)
    assert issue == FormatIssue("$", "not UTF-8 text: byte 0xe9 at line 3, column 16 cannot be "
                                     "read (save the file as UTF-8)")


def test_utf8_bytes_and_bom_are_accepted() -> None:
    data = json.dumps(base(), ensure_ascii=False).encode("utf-8")
    assert parse_intake(data).facts == base()
    assert parse_intake(b"\xef\xbb\xbf" + data).facts == base()
    assert parse_intake("\ufeff" + data.decode()).facts == base()


def test_load_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(IntakeFormatError) as info:
        load_intake_file(missing)
    assert info.value.source == str(missing)
    assert info.value.issues[0].path == "$"
    assert info.value.issues[0].message.startswith("cannot read the file: ")


def test_load_directory(tmp_path: Path) -> None:
    with pytest.raises(IntakeFormatError, match="cannot read the file"):
        load_intake_file(tmp_path)


def test_load_reports_source_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "clinic-intake/1", "notes": 1}', encoding="utf-8")
    with pytest.raises(IntakeFormatError) as info:
        load_intake_file(bad)
    assert info.value.source == str(bad)
    assert info.value.issues == [FormatIssue("notes", "expected a string, got a number")]


def test_validate_facts_on_a_draft() -> None:
    draft = copy.deepcopy(base())
    draft["events"].append({"type": "parole", "date": "2024", "termination_notice_date": None,
                            "until": "2026-02-29"})
    assert validate_facts(draft) == [
        FormatIssue("events[3].until", "'2026-02-29': February 2026 has no day 29")]


def test_country_list_is_the_assigned_iso_list_plus_kosovo() -> None:
    assert len(COUNTRY_CODES) == 250
    assert set(COUNTRY_NAMES) == COUNTRY_CODES
    assert all(len(c) == 2 and c.isupper() and c.isascii() for c in COUNTRY_CODES)
    assert country_name("HN") == "Honduras"
    assert country_name("XK") == "Kosovo"
    assert country_name("XX") == "XX"
    tab = Path("/usr/share/zoneinfo/iso3166.tab")
    if tab.exists():  # tzdata's own copy of the ISO list, where the system has one
        lines = tab.read_text(encoding="utf-8").splitlines()
        iso = {line.split("\t")[0] for line in lines if line and line[0] != "#"}
        assert iso | {"XK"} == COUNTRY_CODES
