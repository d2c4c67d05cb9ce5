"""Checking a draft: each answer against its question, then the checklist's cross-field checks.

A draft can always be saved, so nothing here raises: a value of the wrong shape becomes an issue
on its path, in plain English and Spanish, and an undecidable check stays silent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from clinic_app.checklist.answers import JSON_NULL, get_answer
from clinic_app.checklist.date_entry import day_bounds, describe_date, is_time_zone
from clinic_app.checklist.expressions import decide, make_context, plain, render
from clinic_app.checklist.model import (
    CheckIssue,
    Checklist,
    CheckScope,
    EventField,
    Prompt,
    QuestionType,
    Severity,
    Text,
)
from clinic_app.countries import COUNTRY_CODES

A_NUMBER_PATTERN = r"A[0-9]{8,9}"
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_ERROR = Severity.ERROR
_ITEM_LISTS = (QuestionType.RECORD_LIST, QuestionType.EVENT_LIST)

Problem = tuple[str, str]  # (English, Spanish)


def normalize_a_number(text: str) -> str:
    """What people type ("a 012-345-678", "012345678") as the format writes it: "A012345678"."""
    digits = re.sub(r"[^0-9]", "", text)
    return f"A{digits}" if digits and re.fullmatch(r"[\sAa0-9.\-]*", text) else text.strip()


def _q(label: Text) -> tuple[str, str]:
    return f"“{label.en}”", f"«{label.es}»"


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _bad_date(label: Text, value: Any) -> Problem:
    en, es = _q(label)
    return (f"{en}: '{_shown(value)}' is not a date. Type it again, e.g. 2019-07-15, "
            f"July 2019 or 2019.",
            f"{es}: '{_shown(value)}' no es una fecha. Escríbala de nuevo, p. ej. 2019-07-15, "
            f"julio 2019 o 2019.")


def _future(label: Text, value: Any) -> Problem:
    en, es = _q(label)
    return (f"{en} ({describe_date(value)}) is after today. Check the year.",
            f"{es} ({describe_date(value, 'es')}) es posterior a hoy. Revise el año.")


def _item_problems(prompt: Prompt, item: Any) -> Problem | None:
    """The problem with one element of a list answer, if any."""
    en, es = _q(prompt.label)
    kind = prompt.type
    if not isinstance(item, str):
        return (f"{en}: every item must be text; '{_shown(item)}' is not.",
                f"{es}: cada elemento debe ser texto; '{_shown(item)}' no lo es.")
    if kind is QuestionType.MULTI_CHOICE and prompt.choice(item) is None:
        return (f"{en}: '{_shown(item)}' is not one of the options. Choose from the list.",
                f"{es}: '{_shown(item)}' no es una de las opciones. Elija de la lista.")
    if kind is QuestionType.COUNTRY_LIST and item not in COUNTRY_CODES:
        return (f"{en}: '{_shown(item)}' is not a country code. Choose the country from the list.",
                f"{es}: '{_shown(item)}' no es un código de país. Elija el país de la lista.")
    if kind is QuestionType.LANGUAGE_LIST and not _LANGUAGE.fullmatch(item):
        return (f"{en}: '{_shown(item)}' is not a language code (such as es or en). "
                f"Choose the language from the list.",
                f"{es}: '{_shown(item)}' no es un código de idioma (como es o en). "
                f"Elija el idioma de la lista.")
    return None


def value_problems(prompt: Prompt, value: Any, today: date) -> list[Problem]:
    """What is wrong with one answer (None, i.e. unanswered, is never wrong)."""
    if value is None:
        return []
    en, es = _q(prompt.label)
    kind = prompt.type
    if value is JSON_NULL:
        if prompt.null_label is None:
            return [(f"{en} is empty (null). Give an answer or leave it unknown.",
                     f"{es} está vacío (null). Dé una respuesta o déjelo como desconocido.")]
        return []
    if kind is QuestionType.YES_NO_UNKNOWN:
        return [] if isinstance(value, bool) else [
            (f"{en} should be yes, no or unknown.", f"{es} debe ser sí, no o no se sabe.")]
    if kind in (QuestionType.MULTI_CHOICE, QuestionType.COUNTRY_LIST, QuestionType.LANGUAGE_LIST):
        if not isinstance(value, list):
            return [(f"{en} should be a list.", f"{es} debe ser una lista.")]
        problems = [p for p in (_item_problems(prompt, i) for i in value) if p]
        if len({str(i) for i in value}) < len(value):
            problems.append((f"{en} lists the same answer twice.",
                             f"{es} tiene la misma respuesta dos veces."))
        return problems
    if kind in (QuestionType.RECORD_LIST, QuestionType.EVENT_LIST):
        return [] if isinstance(value, list) else [
            (f"{en} should be a list.", f"{es} debe ser una lista.")]
    if not isinstance(value, str):
        return [(f"{en} should be text, not '{_shown(value)}'.",
                 f"{es} debe ser texto, no '{_shown(value)}'.")]
    return _text_problems(prompt, value, today)


def _text_problems(prompt: Prompt, value: str, today: date) -> list[Problem]:
    en, es = _q(prompt.label)
    kind = prompt.type
    if kind is QuestionType.DATE:
        bounds = day_bounds(value)
        if bounds is None:
            return [_bad_date(prompt.label, value)]
        return [_future(prompt.label, value)] if prompt.not_future and bounds[0] > today else []
    if kind is QuestionType.SINGLE_CHOICE and prompt.choice(value) is None:
        return [(f"{en}: '{_shown(value)}' is not one of the options. Choose from the list.",
                 f"{es}: '{_shown(value)}' no es una de las opciones. Elija de la lista.")]
    if kind is QuestionType.COUNTRY and value not in COUNTRY_CODES:
        return [(f"{en}: '{_shown(value)}' is not a country code. Choose from the list.",
                 f"{es}: '{_shown(value)}' no es un código de país. Elija de la lista.")]
    pattern = prompt.pattern or (A_NUMBER_PATTERN if kind is QuestionType.A_NUMBER else None)
    if pattern and not _fullmatch(pattern, value):
        message = prompt.pattern_message or Text(
            f"{en} does not have the expected form.", f"{es} no tiene la forma esperada.")
        return [(render_plain(message.en, value), render_plain(message.es, value))]
    return []


def _fullmatch(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return True  # the loader refuses bad patterns; a hand-built checklist must not block


def render_plain(template: str, value: str) -> str:
    return template.replace("{value}", _shown(value))


def _date_entry_problems(field: EventField, item: Mapping[str, Any], today: date) -> list[Problem]:
    """The date keys of a dated object (an event), all reported on its `date` path."""
    problems: list[Problem] = []
    label = field.label
    en, es = _q(label)
    if "date" in item and (not isinstance(item["date"], str) or day_bounds(item["date"]) is None):
        problems.append(_bad_date(label, item["date"]))
    if "date_to" in item:
        if not isinstance(item["date_to"], str) or day_bounds(item["date_to"]) is None:
            problems.append(_bad_date(label, item["date_to"]))
        elif "date" not in item:
            problems.append((f"{en} has a latest date but no earliest date.",
                             f"{es} tiene una fecha final pero no una inicial."))
    if "approximate" in item and not isinstance(item["approximate"], bool):
        problems.append((f"{en}: 'approximate' should be ticked or not.",
                         f"{es}: 'aproximada' debe estar marcada o no."))
    time_, zone = item.get("time"), item.get("timezone")
    if "time" in item and not (isinstance(time_, str) and _TIME.fullmatch(time_)):
        problems.append((f"{en}: '{_shown(time_)}' is not a time. Use 24-hour time, e.g. 21:00.",
                         f"{es}: '{_shown(time_)}' no es una hora. Use el formato de 24 horas, "
                         f"p. ej. 21:00."))
    if "timezone" in item and not is_time_zone(zone):
        problems.append((f"{en}: '{_shown(zone)}' is not a time zone. Choose one from the list.",
                         f"{es}: '{_shown(zone)}' no es una zona horaria. Elija una de la lista."))
    bounds = day_bounds(item)
    if field.not_future and bounds is not None and bounds[0] > today:
        problems.append(_future(label, dict(item)))
    return problems


def _issues(path: str, problems: Iterable[Problem], code: str) -> list[CheckIssue]:
    return [CheckIssue(path, _ERROR, en, es, code) for en, es in problems]


def _item_issues(fields: Iterable[EventField], item: Mapping[str, Any], path: str,
                 today: date) -> list[CheckIssue]:
    out: list[CheckIssue] = []
    for field in fields:
        if field.type is QuestionType.DATE and field.range:
            out += _issues(f"{path}.{field.key}", _date_entry_problems(field, item, today),
                           "answer")
        else:
            value = item.get(field.key)
            if field.key in item and value is None:
                value = JSON_NULL
            out += _issues(f"{path}.{field.key}", value_problems(field, value, today), "answer")
    return out


def answer_issues(checklist: Checklist, facts: Mapping[str, Any], today: date) -> list[CheckIssue]:
    """Per-question validation of every recorded answer (hidden ones too: they are kept)."""
    out: list[CheckIssue] = []
    for question in checklist.questions():
        value = get_answer(facts, question.path)
        out += _issues(question.path, value_problems(question, value, today), "answer")
        if question.type not in _ITEM_LISTS or not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            path = f"{question.path}[{index}]"
            if not isinstance(item, Mapping):
                out += _issues(path, [("This entry is not a set of answers; remove it.",
                                       "Esta entrada no es un conjunto de respuestas; bórrela.")],
                               "answer")
            elif question.type is QuestionType.RECORD_LIST:
                out += _item_issues(question.fields, item, path, today)
            elif question.type is QuestionType.EVENT_LIST:
                event_type = checklist.event_type(item.get("type"))
                if event_type is None:
                    out += _issues(f"{path}.type", [(
                        f"'{_shown(item.get('type'))}' is not a kind of event. Choose one.",
                        f"'{_shown(item.get('type'))}' no es un tipo de evento. Elija uno.")],
                        "answer")
                else:
                    out += _item_issues(event_type.fields, item, path, today)
    return out


def _items(checklist: Checklist, facts: Mapping[str, Any],
           scope: CheckScope) -> Iterable[tuple[str, dict[str, Any]]]:
    list_type = QuestionType.EVENT_LIST if scope is CheckScope.EVENT else QuestionType.RECORD_LIST
    for question in (q for q in checklist.questions() if q.type is list_type):
        items = facts.get(question.path)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, Mapping):
                yield f"{question.path}[{index}]", plain(item)


def cross_field_issues(checklist: Checklist, facts: Mapping[str, Any],
                       today: date) -> list[CheckIssue]:
    """The checklist's CEL checks; a check that cannot be decided on this draft stays silent.

    Item checks run item by item (one context update per event), so issues come out in
    document order.
    """
    context = make_context(facts, today)
    out = [CheckIssue(check.path, check.severity, render(check.message.en, context, "en"),
                      render(check.message.es, context, "es"), check.id)
           for check in checklist.checks
           if check.scope is CheckScope.INTAKE and decide(check.when, context) is True]
    for scope, variable in ((CheckScope.EVENT, "event"), (CheckScope.MEMBER, "member")):
        checks = [c for c in checklist.checks if c.scope is scope]
        for item_path, item in _items(checklist, facts, scope) if checks else ():
            context.add_variable(variable, item)
            event_type = checklist.event_type(item.get("type"))
            noun = event_type.noun if event_type else Text("", "")
            for check in checks:
                if check.event_types and item.get("type") not in check.event_types:
                    continue
                if decide(check.when, context) is not True:
                    continue
                messages = []
                for lang in ("en", "es"):
                    context.add_variable("noun", noun.get(lang))
                    messages.append(render(check.message.get(lang), context, lang))
                path = f"{item_path}.{check.path}" if check.path else item_path
                out.append(CheckIssue(path, check.severity, messages[0], messages[1], check.id))
    return out


def check_facts(checklist: Checklist, facts: Mapping[str, Any], *,
                today: date) -> list[CheckIssue]:
    """Every problem in a draft: answers of the wrong shape, dates after today, impossible
    combinations. Never raises: a draft can always be saved, with its issues shown."""
    if not isinstance(facts, Mapping):
        return [CheckIssue("", _ERROR, "The intake is not a set of answers.",
                           "La entrevista no es un conjunto de respuestas.", "answer")]
    out: list[CheckIssue] = []
    for step in (answer_issues, cross_field_issues):
        out += _guarded(step, checklist, facts, today)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for issue in out:
        key = (issue.path, issue.code, issue.message_en)
        if key not in seen:
            seen.add(key)
            unique.append(issue)
    return unique


def _guarded(step: Callable[[Checklist, Mapping[str, Any], date], list[CheckIssue]],
             checklist: Checklist, facts: Mapping[str, Any], today: date) -> list[CheckIssue]:
    try:
        return step(checklist, facts, today)
    except Exception:  # a bug here must not stop a paralegal from saving; say so instead
        return [CheckIssue("", Severity.WARNING, "Some answers could not be checked.",
                           "Algunas respuestas no se pudieron revisar.", "internal")]
