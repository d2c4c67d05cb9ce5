"""The shipped checklist file: loads, writes only clinic-intake/1, speaks both languages."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from clinic_app import intake_format
from clinic_app.checklist import (
    Checklist,
    ChecklistError,
    EventField,
    Prompt,
    Question,
    QuestionType,
    Text,
    set_answer,
)
from clinic_app.checklist.expressions import placeholders
from clinic_app.errors import ClinicError
from forms.checklist_loader import default_checklist_path, load_checklist


@functools.cache
def shipped() -> Checklist:
    return load_checklist(default_checklist_path())


def test_the_shipped_checklist_loads_with_its_identity() -> None:
    checklist = shipped()
    assert (checklist.id, checklist.version) == ("border-intake", 1)
    assert [s.id for s in checklist.sections] == [
        "about_client", "household", "journey", "border_history", "situation",
        "confidentiality", "notes"]
    assert len(checklist.event_types) == 10
    assert issubclass(ChecklistError, ClinicError)


def test_confidentiality_risks_is_a_multi_choice_with_a_none_answer() -> None:
    question = shipped().question_at("confidentiality_risks")
    assert question is not None and question.type is QuestionType.MULTI_CHOICE
    assert question.empty_label is not None and question.required_for_completion


def test_absent_none_and_null_are_all_expressible() -> None:
    transit = shipped().question_at("transit_countries")
    represented = shipped().question_at("represented_by")
    assert transit is not None and transit.empty_label is not None
    assert represented is not None and represented.null_label is not None


# -- every answer is a valid clinic-intake/1 fact (checked by the format's own validator) ----

def prompts() -> Iterator[tuple[str, Prompt, str | None]]:
    """(item path prefix, prompt, event type) for every question and field."""
    for question in shipped().questions():
        yield "", question, None
        for field in question.fields:
            yield f"{question.path}[0].", field, None
    for event_type in shipped().event_types:
        for field in event_type.fields:
            yield "events[0].", field, event_type.type


def sample_answers(prompt: Prompt) -> list[Any]:
    samples: dict[QuestionType, list[Any]] = {
        QuestionType.TEXT: ["Immigrant Defenders Law Center"],
        QuestionType.LONG_TEXT: ["Line one.\nLine two."],
        QuestionType.DATE: ["2019", "2019-07", "2019-07-15"],
        QuestionType.YES_NO_UNKNOWN: [True, False],
        QuestionType.COUNTRY_LIST: [["GT", "MX"], []],
        QuestionType.LANGUAGE_LIST: [["es", "mam"]],
        QuestionType.A_NUMBER: ["A012345678", "A12345678"],
        QuestionType.RECORD_LIST: [[]],
        QuestionType.EVENT_LIST: [[]],
    }
    if prompt.type is QuestionType.SINGLE_CHOICE:
        return [c.value for c in prompt.choices]
    if prompt.type is QuestionType.MULTI_CHOICE:
        return [[c.value for c in prompt.choices], []]
    return samples[prompt.type]


def document(prefix: str, prompt: Prompt, event_type: str | None, value: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {"format": "clinic-intake/1"}
    if event_type:
        facts = set_answer(facts, "events[0]", {"type": event_type, "date": "2020"})
    path = prompt.path if isinstance(prompt, Question) else f"{prefix}{key_of(prompt)}"
    return set_answer(facts, path, value)


def key_of(prompt: Prompt) -> str:
    assert isinstance(prompt, EventField)
    return prompt.key


def test_every_answer_of_every_question_is_a_valid_format_fact() -> None:
    checked = 0
    for prefix, prompt, event_type in prompts():
        for value in sample_answers(prompt):
            facts = document(prefix, prompt, event_type, value)
            assert intake_format.validate_facts(facts) == [], (prefix, prompt.label.en, value)
            checked += 1
    assert checked > 100


def format_choice_values(prefix: str, prompt: Prompt, event_type: str | None) -> tuple[str, ...]:
    """The enum values the format's own schema accepts at the prompt's path."""
    kind: Any
    if event_type:
        kind = intake_format.EVENT_SCHEMAS[event_type].fields[key_of(prompt)]
    elif prefix:
        record: Any = intake_format.INTAKE_SCHEMA.fields[prefix.split("[")[0]]
        kind = record.item.fields[key_of(prompt)]
    else:
        assert isinstance(prompt, Question)
        kind = intake_format.INTAKE_SCHEMA
        for step in prompt.path.split("."):
            kind = kind.fields[step]
    values: tuple[str, ...] = getattr(kind, "values", None) or kind.item.values
    return values


def test_choices_are_exactly_the_format_enum_values() -> None:
    for prefix, prompt, event_type in prompts():
        if prompt.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
            assert [c.value for c in prompt.choices] == list(
                format_choice_values(prefix, prompt, event_type)), prompt.label.en
            bad = "nope" if prompt.type is QuestionType.SINGLE_CHOICE else ["nope"]
            assert intake_format.validate_facts(document(prefix, prompt, event_type, bad))


# -- both languages everywhere ---------------------------------------------------------------

def texts() -> Iterator[tuple[str, Text]]:
    checklist = shipped()
    yield "title", checklist.title
    for section in checklist.sections:
        yield f"{section.id} title", section.title
        if section.help:
            yield f"{section.id} help", section.help
    for prefix, prompt, event_type in prompts():
        where = f"{event_type or ''} {prefix}{prompt.label.en}"
        for name in ("label", "help", "null_label", "empty_label", "pattern_message"):
            text = getattr(prompt, name)
            if text is not None:
                yield f"{where} {name}", text
        if isinstance(prompt, Question) and prompt.item_label:
            yield f"{where} item_label", prompt.item_label
        for choice in prompt.choices:
            yield f"{where} choice {choice.value}", choice.label
            if choice.help:
                yield f"{where} choice {choice.value} help", choice.help
    for event_type_ in checklist.event_types:
        yield f"{event_type_.type} name", event_type_.name
        yield f"{event_type_.type} noun", event_type_.noun
        if event_type_.help:
            yield f"{event_type_.type} help", event_type_.help
    for check in checklist.checks:
        yield f"check {check.id}", check.message


# Informal Spanish (tú) has no place in a clinic: the checklist speaks to clients as usted.
_TU = re.compile(r"\b(tú|tu|tus|tienes|eres|estás|puedes|sabes|quieres|naciste|viniste|"
                 r"llegaste|saliste|cruzaste|pediste|recibiste)\b", re.IGNORECASE)


def test_every_text_has_english_and_spanish() -> None:
    count = 0
    for where, text in texts():
        assert text.en.strip() and text.es.strip(), where
        assert text.en != text.es or text.en in {"parole"}, where
        assert not _TU.search(text.es), f"{where}: use usted: {text.es}"
        count += 1
    assert count > 200


def test_messages_use_the_same_placeholders_in_both_languages() -> None:
    for check in shipped().checks:
        assert sorted(placeholders(check.message.en)) == sorted(placeholders(check.message.es))
