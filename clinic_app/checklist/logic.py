"""What the intake window asks next: visible questions, progress, what is missing, the timeline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from clinic_app.checklist.answers import get_answer, parse_path
from clinic_app.checklist.date_entry import day_bounds, describe_date
from clinic_app.checklist.expressions import decide, make_context
from clinic_app.checklist.model import (
    Checklist,
    EventField,
    Prompt,
    Question,
    QuestionType,
    Text,
)

_ITEM_LISTS = (QuestionType.RECORD_LIST, QuestionType.EVENT_LIST)


def is_answered(value: Any) -> bool:
    """Answered = recorded, including "none" ([] or null); blank text is not an answer."""
    if value is None:
        return False
    return not (isinstance(value, str) and not value.strip())


def _shown(prompt: Prompt, context: Any) -> bool:
    # An expression that cannot be decided on this draft shows the question: never hide a
    # question because of a half-typed answer elsewhere.
    return prompt.show_when is None or decide(prompt.show_when, context) is not False


def visible_questions(checklist: Checklist, facts: Mapping[str, Any], *,
                      today: date | None = None) -> list[Question]:
    """The questions to ask now, in interview order, after skip logic (`show_when`)."""
    context = make_context(facts, today or date.today())
    return [q for q in checklist.questions() if _shown(q, context)]


ItemFields = tuple[Question, Mapping[str, Any], tuple[EventField, ...]]


def item_fields(checklist: Checklist, facts: Mapping[str, Any],
                item_path: str) -> ItemFields | None:
    """The list question, the item and all its fields for `events[2]` or `household[0]`."""
    steps = parse_path(item_path)
    if len(steps) != 2 or not isinstance(steps[0], str) or not isinstance(steps[1], int):
        return None
    question = checklist.question_at(steps[0])
    item = get_answer(facts, item_path)
    if question is None or question.type not in _ITEM_LISTS or not isinstance(item, Mapping):
        return None
    if question.type is QuestionType.RECORD_LIST:
        return question, item, question.fields
    event_type = checklist.event_type(item.get("type"))
    return question, item, event_type.fields if event_type else ()


def visible_fields(checklist: Checklist, facts: Mapping[str, Any], item_path: str, *,
                   today: date | None = None) -> list[EventField]:
    """The fields to ask for one event (`events[2]`) or household member (`household[0]`)."""
    found = item_fields(checklist, facts, item_path)
    if found is None:
        return []
    question, item, fields = found
    context = make_context(facts, today or date.today())
    context.add_variable("event" if question.type is QuestionType.EVENT_LIST else "member",
                         dict(item))
    return [f for f in fields if _shown(f, context)]


def section_progress(checklist: Checklist, facts: Mapping[str, Any], *,
                     today: date | None = None) -> dict[str, tuple[int, int]]:
    """section id -> (answered, visible) questions, for the progress shown beside each section."""
    visible = {q.id for q in visible_questions(checklist, facts, today=today)}
    out: dict[str, tuple[int, int]] = {}
    for section in checklist.sections:
        shown = [q for q in section.questions if q.id in visible]
        answered = sum(1 for q in shown if is_answered(get_answer(facts, q.path)))
        out[section.id] = (answered, len(shown))
    return out


def _item_name(checklist: Checklist, question: Question, item: Mapping[str, Any],
               index: int) -> Text:
    if question.type is QuestionType.EVENT_LIST:
        event_type = checklist.event_type(item.get("type"))
        name = event_type.name if event_type else Text("Event", "Evento")
        return Text(f"{name.en} ({describe_date(item, 'en')})",
                    f"{name.es} ({describe_date(item, 'es')})")
    label = question.item_label or question.label
    who = " ".join(str(item.get(k, "")) for k in ("given_names", "family_names")).strip()
    return Text(f"{label.en} {who or index + 1}", f"{label.es} {who or index + 1}")


def missing_for_completion(checklist: Checklist, facts: Mapping[str, Any], *,
                           today: date | None = None) -> list[tuple[str, str, str]]:
    """(path, label_en, label_es) of each visible required answer not yet given, events and
    household members included; an intake is complete when this is empty."""
    missing: list[tuple[str, str, str]] = []
    for question in visible_questions(checklist, facts, today=today):
        value = get_answer(facts, question.path)
        if question.required_for_completion and not is_answered(value):
            missing.append((question.path, question.label.en, question.label.es))
        if question.type not in _ITEM_LISTS or not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            item_path = f"{question.path}[{index}]"
            if not isinstance(item, Mapping):
                continue
            name = _item_name(checklist, question, item, index)
            if question.type is QuestionType.EVENT_LIST and checklist.event_type(
                    item.get("type")) is None:
                missing.append((f"{item_path}.type", f"{name.en}: type of event",
                                f"{name.es}: tipo de evento"))
                continue
            for fld in visible_fields(checklist, facts, item_path, today=today):
                if fld.required_for_completion and not is_answered(item.get(fld.key)):
                    missing.append((f"{item_path}.{fld.key}", f"{name.en}: {fld.label.en}",
                                    f"{name.es}: {fld.label.es}"))
    return missing


def hidden_answers(checklist: Checklist, facts: Mapping[str, Any], *,
                   today: date | None = None) -> list[str]:
    """Paths of answers kept although skip logic now hides their question (e.g. transit
    changed to "none"); the window may offer to clear them. They are never dropped silently."""
    visible = {q.id for q in visible_questions(checklist, facts, today=today)}
    out = [q.path for q in checklist.questions()
           if q.id not in visible and is_answered(get_answer(facts, q.path))]
    for question in checklist.questions():
        items = get_answer(facts, question.path) if question.type in _ITEM_LISTS else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            found = item_fields(checklist, facts, f"{question.path}[{index}]")
            if found is None:
                continue
            shown = {f.key for f in visible_fields(checklist, facts,
                                                   f"{question.path}[{index}]", today=today)}
            out += [f"{question.path}[{index}].{f.key}" for f in found[2]
                    if f.key not in shown and is_answered(item.get(f.key))]
    return out


def events_sorted(facts: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, event) in timeline order: by possible-day range (lo, hi), then array position;
    events whose date is missing or invalid come last, so they are seen and fixed."""
    events = facts.get("events") if isinstance(facts, Mapping) else None
    if not isinstance(events, list):
        return []
    dated: list[tuple[tuple[date, date, int], int, Mapping[str, Any]]] = []
    undated: list[tuple[int, Mapping[str, Any]]] = []
    for index, event in enumerate(events):
        if not isinstance(event, Mapping):
            continue
        bounds = day_bounds(event)
        if bounds is None:
            undated.append((index, event))
        else:
            dated.append(((bounds[0], bounds[1], index), index, event))
    dated.sort(key=lambda t: t[0])
    return [(i, e) for _, i, e in dated] + undated
