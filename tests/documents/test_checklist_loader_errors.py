"""A broken checklist is refused with the file, line (and CEL column) its author must fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic_app.checklist import ChecklistError
from forms.checklist_loader import default_checklist_path, load_checklist, parse_checklist

SHIPPED = default_checklist_path().read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth occurrence of `needle`."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


def broken(old: str, new: str) -> str:
    assert SHIPPED.count(old) >= 1, old
    return SHIPPED.replace(old, new, 1)


def load_text(tmp_path: Path, text: str) -> ChecklistError:
    path = tmp_path / "intake-broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    err = info.value
    assert err.file == str(path)
    assert str(err).startswith(f"{path}:{err.line}")
    return err


FAMILY = "      - id: family_names\n        path: client.family_names\n        type: text\n"


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = broken("          es: Apellidos\n", "          es: [Apellidos\n")
    err = load_text(tmp_path, text)
    assert "not valid YAML" in err.message
    assert err.line is not None and line_of(text, "[Apellidos") <= err.line <= \
        line_of(text, "[Apellidos") + 3


def test_unknown_key(tmp_path: Path) -> None:
    text = broken(FAMILY, FAMILY + "        colour: red\n")
    err = load_text(tmp_path, text)
    assert (err.line, err.column) == (line_of(text, "colour: red"), 9)
    assert "unknown key 'colour'" in err.message


def test_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    text = broken("        required_for_completion: true\n        label:\n          en: Family",
                  "        required_for_complete: true\n        label:\n          en: Family")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "required_for_complete:")
    assert "did you mean 'required_for_completion'" in err.message


def test_label_missing_spanish(tmp_path: Path) -> None:
    text = broken("          en: Family names\n          es: Apellidos\n",
                  "          en: Family names\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "          en: Family names")
    assert "missing 'es'" in err.message and "label" in err.message


def test_empty_english_text(tmp_path: Path) -> None:
    text = broken("          en: Family names\n", "          en: ''\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "          en: ''")
    assert "is empty" in err.message


def test_unknown_type(tmp_path: Path) -> None:
    text = broken(FAMILY, FAMILY.replace("type: text", "type: txet"))
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "type: txet")
    assert "unknown type 'txet'" in err.message


def test_type_that_cannot_hold_the_fact(tmp_path: Path) -> None:
    text = broken(FAMILY, FAMILY.replace("type: text", "type: yes_no_unknown"))
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "type: yes_no_unknown", 1)
    assert "cannot hold this fact" in err.message


@pytest.mark.parametrize(("bad_path", "hint"), [
    ("client.family_name", "did you mean 'client.family_names'"),
    ("client.middle_names", ""),
    ("events[0].port", ""),
])
def test_path_not_in_the_format(tmp_path: Path, bad_path: str, hint: str) -> None:
    text = broken("path: client.family_names", f"path: {bad_path}")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, f"path: {bad_path}")
    assert "is not a clinic-intake/1 path" in err.message and hint in err.message


def test_event_field_not_in_the_format(tmp_path: Path) -> None:
    text = broken("      - key: city\n", "      - key: town\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "key: town")
    assert "'town' is not a clinic-intake/1 key" in err.message


def test_choice_value_not_in_the_format(tmp_path: Path) -> None:
    text = broken("          - value: coastal\n", "          - value: by_sea\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "value: by_sea")
    assert "'by_sea' is not a clinic-intake/1 value" in err.message


def test_choices_must_cover_the_format(tmp_path: Path) -> None:
    text = broken("          - value: coastal\n            label: {en: \"By sea, on the coast\", "
                  "es: \"Por mar, en la costa\"}\n", "")
    err = load_text(tmp_path, text)
    assert "missing: coastal" in err.message
    assert err.line == line_of(text, "          - value: southern_land")


def test_cel_syntax_error_in_show_when_names_line_and_column(tmp_path: Path) -> None:
    good = "show_when: 'has(facts.transit_countries) && size(facts.transit_countries) > 0'"
    text = broken(good, "show_when: 'has(facts.transit_countries) && size(facts.transit_countries"
                        " >> 0'")
    err = load_text(tmp_path, text)
    line = line_of(text, "size(facts.transit_countries >> 0")
    assert err.line == line
    raw = text.splitlines()[line - 1]
    start = raw.index("'has(") + 2  # 1-based column of the expression's first character
    assert err.column is not None and start <= err.column <= len(raw)
    assert "not valid CEL" in err.message and "column" in err.message


def test_cel_syntax_error_in_a_block_scalar(tmp_path: Path) -> None:
    good = "    when: 'lo(event) > today'\n"
    text = broken(good, "    when: |\n      lo(event) >\n        (today\n")
    err = load_text(tmp_path, text)
    assert err.line is not None and err.line in (line_of(text, "        (today"),
                                                 line_of(text, "        (today") + 1)
    assert "check 'event-in-future' when is not valid CEL" in err.message


def test_cel_syntax_error_in_a_message_placeholder(tmp_path: Path) -> None:
    text = broken("({event}) is after today", "({event +}) is after today")
    err = load_text(tmp_path, text)
    assert "placeholder" in err.message and "not valid CEL" in err.message


def test_cel_unknown_variable_and_function(tmp_path: Path) -> None:
    text = broken("when: 'lo(event) > today'", "when: 'lo(event) > now'")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "lo(event) > now")
    assert "uses 'now'" in err.message
    text = broken("when: 'lo(event) > today'", "when: 'low(event) > today'")
    err = load_text(tmp_path, text)
    assert "unknown function 'low'" in err.message


def test_event_variable_outside_events(tmp_path: Path) -> None:
    text = broken("show_when: 'has(facts.transit_countries) && size(facts.transit_countries) > 0'",
                  "show_when: 'has(event.date)'")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "has(event.date)")
    assert "uses 'event'" in err.message


def test_duplicate_question_id(tmp_path: Path) -> None:
    text = broken("      - id: family_names\n", "      - id: given_names\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "      - id: given_names", 2)
    assert "duplicate question id 'given_names'" in err.message


def test_duplicate_check_id(tmp_path: Path) -> None:
    text = broken("  - id: event-in-future\n", "  - id: event-before-birth\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "  - id: event-before-birth", 2)
    assert "duplicate check id" in err.message


def test_missing_event_type(tmp_path: Path) -> None:
    start = SHIPPED.index("  - type: changed_circumstances")
    end = SHIPPED.index("# ===", start)
    err = load_text(tmp_path, SHIPPED[:start] + SHIPPED[end:])
    assert "missing: changed_circumstances" in err.message


def test_version_must_be_a_number(tmp_path: Path) -> None:
    text = broken("version: 1\n", "version: one\n")
    err = load_text(tmp_path, text)
    assert err.line == line_of(text, "version: one")


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="cannot read"):
        load_checklist(tmp_path / "missing.yaml")
    with pytest.raises(ChecklistError, match="empty") as info:
        parse_checklist("", "empty.yaml")
    assert info.value.line == 1
    with pytest.raises(ChecklistError, match="mapping"):
        parse_checklist("- just a list\n", "list.yaml")
