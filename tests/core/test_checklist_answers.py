"""Answers at JSON paths: absent is not false, and nothing is ever changed in place."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_app.checklist import (
    JSON_NULL,
    append_item,
    get_answer,
    get_date_entry,
    new_facts,
    normalize_a_number,
    parse_path,
    set_answer,
    set_date_entry,
)

SETTINGS = settings(database=None, deadline=None, max_examples=200)


def test_paths_parse_keys_and_indices() -> None:
    assert parse_path("client.given_names") == ["client", "given_names"]
    assert parse_path("events[2].port") == ["events", 2, "port"]
    for bad in ("", "events[x]", "a..b", "events[-1]", "1abc"):
        with pytest.raises(ValueError):
            parse_path(bad)


def test_set_answer_creates_parents_and_never_mutates_its_input() -> None:
    facts = new_facts()
    before = copy.deepcopy(facts)
    out = set_answer(facts, "client.given_names", "Ana Lucía")
    assert facts == before
    assert out == {"format": "clinic-intake/1", "client": {"given_names": "Ana Lucía"}}
    out2 = set_answer(out, "events[0].type", "entry")
    assert out2["events"] == [{"type": "entry"}]
    assert "events" not in out


def test_unknown_removes_the_key_and_drops_emptied_objects() -> None:
    facts = set_answer(new_facts(), "client.sex", "female")
    facts = set_answer(facts, "applied_for_protection_in_transit_country", False)
    assert get_answer(facts, "applied_for_protection_in_transit_country") is False
    facts = set_answer(facts, "applied_for_protection_in_transit_country", None)
    assert "applied_for_protection_in_transit_country" not in facts
    facts = set_answer(facts, "client.sex", None)
    assert facts == new_facts()


def test_none_and_not_asked_stay_different() -> None:
    """Transit `[]` means "no country", absent means "may have transited"."""
    facts = set_answer(new_facts(), "transit_countries", [])
    assert get_answer(facts, "transit_countries") == []
    assert get_answer(new_facts(), "transit_countries") is None


def test_json_null_is_an_answer_of_its_own() -> None:
    facts = set_answer(new_facts(), "represented_by", JSON_NULL)
    assert facts["represented_by"] is None
    assert get_answer(facts, "represented_by") is JSON_NULL
    assert get_answer(new_facts(), "represented_by") is None
    assert not JSON_NULL
    assert copy.deepcopy(JSON_NULL) is JSON_NULL


def test_get_answer_returns_copies_and_tolerates_other_shapes() -> None:
    facts = set_answer(new_facts(), "client.nationalities", ["HN"])
    got = get_answer(facts, "client.nationalities")
    got.append("MX")
    assert facts["client"]["nationalities"] == ["HN"]
    odd = {"client": "not an object", "events": {"0": 1}}
    assert get_answer(odd, "client.given_names") is None
    assert get_answer(odd, "events[0].date") is None
    assert get_answer({"events": []}, "events[3]") is None


def test_set_answer_refuses_to_overwrite_an_answer_of_another_shape() -> None:
    with pytest.raises(ValueError, match="not an object"):
        set_answer({"client": "Ana"}, "client.given_names", "Ana")
    with pytest.raises(ValueError, match="2 items"):
        set_answer({"events": [{}, {}]}, "events[5].type", "entry")


def test_removing_a_list_item_keeps_the_list() -> None:
    facts = {"events": [{"type": "entry"}, {"type": "hearing"}]}
    out = set_answer(facts, "events[0]", None)
    assert out == {"events": [{"type": "hearing"}]}
    assert set_answer(facts, "events[1].type", None) == {"events": [{"type": "entry"}, {}]}


def test_append_item_and_date_entry() -> None:
    facts, index = append_item(new_facts(), "events", {"type": "entry"})
    assert index == 0
    facts, index = append_item(facts, "events", {"type": "hearing"})
    assert index == 1
    entry = {"date": "2024-12-26", "date_to": "2025-01-31", "approximate": True}
    facts = set_date_entry(facts, "events[0]", entry)
    assert facts["events"][0] == {"type": "entry", **entry}
    assert get_date_entry(facts, "events[0]") == entry
    facts = set_date_entry(facts, "events[0]", {"date": "2025-01", "approximate": False})
    assert facts["events"][0] == {"type": "entry", "date": "2025-01"}
    assert get_date_entry(facts, "events[7]") == {}


# -- properties --------------------------------------------------------------------------

KEYS = st.sampled_from(["client", "given_names", "events", "date", "port", "household", "notes",
                        "transit_countries", "processing", "a"])
json_leaves = st.one_of(st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=10),
                        st.just(JSON_NULL))
json_values = st.recursive(
    json_leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8)


@st.composite
def paths(draw: st.DrawFn) -> str:
    steps = [draw(KEYS)]
    for _ in range(draw(st.integers(0, 3))):
        steps.append(f".{draw(KEYS)}" if draw(st.booleans()) else "[0]")
    return "".join(steps)


def _plain(value: Any) -> Any:
    """What set_answer stores for a value (JSON_NULL becomes null inside containers too)."""
    if value is JSON_NULL:
        return None
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@SETTINGS
@given(paths(), json_values)
def test_set_then_get_round_trips(path: str, value: Any) -> None:
    facts = new_facts()
    before = copy.deepcopy(facts)
    out = set_answer(facts, path, value)
    assert facts == before
    got = get_answer(out, path)
    if value is JSON_NULL:
        assert got is JSON_NULL
    else:
        assert got == _plain(value)
    assert set_answer(out, path, None) is not out


@SETTINGS
@given(paths(), json_values, paths(), json_values)
def test_writing_one_path_keeps_the_other(p1: str, v1: Any, p2: str, v2: Any) -> None:
    facts = set_answer(new_facts(), p1, v1)
    try:
        out = set_answer(facts, p2, v2)
    except ValueError:
        return  # p2 crosses p1's answer of another shape: refused, nothing overwritten
    if not (p1.startswith(p2) or p2.startswith(p1)):
        assert get_answer(out, p1) == get_answer(facts, p1)


@pytest.mark.parametrize(("typed", "stored"), [
    ("a 012-345-678", "A012345678"), ("012345678", "A012345678"), ("A12345678", "A12345678"),
    (" A-012.345.678 ", "A012345678"), ("unknown", "unknown")])
def test_a_numbers_are_written_the_format_way(typed: str, stored: str) -> None:
    assert normalize_a_number(typed) == stored
