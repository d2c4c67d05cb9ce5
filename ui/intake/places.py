"""Where a fact lives in the window: a JSON path as the paralegal reads it, and where to jump.

Flags and checks name facts by JSON path (`events[4]`, `client.nationalities`); a person reads
"Border history ▸ Entry into the US, 15 Aug 2019" and expects a click to land on that answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from clinic_app.checklist import (
    Checklist,
    EventField,
    Prompt,
    Question,
    QuestionType,
    describe_date,
    get_answer,
    parse_path,
)
from ui.intake.names import country_name, language_name

SEP = " ▸ "
# Only indexed list paths and client.* keys: the bare word "events" in a sentence is not a path.
_PATHS_IN_TEXT = re.compile(r"\b(?:events|household|transit_countries|confidentiality_risks)"
                            r"\[\d+\](?:\.[a-z_]+)?|\bclient\.[a-z_]+(?:\[\d+\])?")


def ui_language() -> str:
    """"es" when the UI runs in Spanish (the default QLocale, set from the setting), else "en"."""
    return "es" if QLocale().language() == QLocale.Language.Spanish else "en"


@dataclass(frozen=True)
class Place:
    """A fact's section, the question holding it, the list item (events, household) and the
    item's field, plus a label such as "Border history ▸ Entry into the US, 15 Aug 2019"."""

    section_id: str
    question: Question
    item: int | None
    key: str | None
    label: str


def place_of(checklist: Checklist, facts: Mapping[str, Any], path: str,
             lang: str) -> Place | None:
    """Where `path` is answered, or None when no question writes it."""
    try:
        steps = parse_path(path)
    except ValueError:
        return None
    for section in checklist.sections:
        for question in section.questions:
            q_steps = parse_path(question.path)
            if steps[: len(q_steps)] != q_steps:
                continue
            rest = steps[len(q_steps):]
            parts = [section.title.get(lang)]
            index = rest[0] if rest and isinstance(rest[0], int) else None
            if question.type in (QuestionType.EVENT_LIST, QuestionType.RECORD_LIST) \
                    and index is not None:
                key = rest[1] if len(rest) > 1 and isinstance(rest[1], str) else None
                item = get_answer(facts, f"{question.path}[{index}]")
                parts.append(item_name(checklist, question, item, index, lang))
                field = _field(checklist, question, item, key)
                if field is not None:
                    parts.append(field.label.get(lang))
                return Place(section.id, question, index, key, SEP.join(parts))
            parts.append(question.label.get(lang))
            if index is not None:
                value = get_answer(facts, f"{question.path}[{index}]")
                if isinstance(value, str):
                    parts.append(value_name(question, value, lang))
            return Place(section.id, question, None, None, SEP.join(parts))
    return None


def item_name(checklist: Checklist, question: Question, item: Any, index: int,
              lang: str) -> str:
    """"Entry into the US, 15 Aug 2019" for an event; a member's name, or "Household member 2"."""
    if not isinstance(item, Mapping):
        return f"#{index + 1}"
    if question.type is QuestionType.EVENT_LIST:
        event_type = checklist.event_type(item.get("type"))
        name = event_type.name.get(lang) if event_type else QCoreApplication.translate(
            "Places", "Event")
        return f"{name}, {describe_date(item, lang)}"
    who = " ".join(str(item.get(k, "")) for k in ("given_names", "family_names")).strip()
    label = (question.item_label or question.label).get(lang)
    return who or f"{label} {index + 1}"


def value_name(prompt: Prompt, value: str, lang: str) -> str:
    """An answer's code as words: a choice's label, a country's or a language's name."""
    choice = prompt.choice(value)
    if choice is not None:
        return choice.label.get(lang)
    if prompt.type in (QuestionType.COUNTRY, QuestionType.COUNTRY_LIST):
        return country_name(value, lang)
    if prompt.type is QuestionType.LANGUAGE_LIST:
        return language_name(value, lang)
    return value


def _field(checklist: Checklist, question: Question, item: Any,
           key: str | None) -> EventField | None:
    if key is None:
        return None
    if question.type is QuestionType.RECORD_LIST:
        return next((f for f in question.fields if f.key == key), None)
    event_type = checklist.event_type(item.get("type")) if isinstance(item, Mapping) else None
    if event_type is None:
        return None
    # date_to, approximate, time and timezone are all parts of the date field.
    return event_type.field("date" if key in ("date_to", "approximate", "time", "timezone")
                            else key)


def humanize_paths(text: str, checklist: Checklist, facts: Mapping[str, Any], lang: str) -> str:
    """Replace JSON paths inside a flag's reason with what the paralegal calls those facts."""
    def label(match: re.Match[str]) -> str:
        place = place_of(checklist, facts, match.group(0), lang)
        return place.label if place is not None else match.group(0)
    return _PATHS_IN_TEXT.sub(label, text)
