"""Facts in the words of the checklist: a flag's fact paths as labels ("Entry into the US #3 —
Port of entry"), and each border event as a timeline row with its date as understood.

Every label comes from forms/checklists/intake-v1.yaml, so the PDF says what the paralegal
read on screen, in English or Spanish.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from clinic_app.checklist import Checklist, Prompt, QuestionType, describe_date, events_sorted
from clinic_app.countries import country_name
from forms.checklist_loader import default_checklist_path, load_checklist
from forms.pdf.texts import Words

_PATH = re.compile(r"^(?P<list>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<key>[a-z_]+))?$")
_DATE_KEYS = frozenset({"date", "date_to", "approximate", "time", "timezone"})


@functools.cache
def checklist() -> Checklist:
    """The shipped checklist (loaded once: compiling its CEL takes a moment)."""
    return load_checklist(default_checklist_path())


def fact_label(path: str, facts: Mapping[str, Any], w: Words) -> str:
    """A flag's fact path as words; the raw path when the checklist does not know it."""
    cl = checklist()
    lang = w.lang
    match = _PATH.match(path)
    if match is None:
        question = cl.question_at(path)
        return question.label.get(lang) if question else path
    index, key = int(match["index"]), match["key"]
    items = facts.get(match["list"])
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if match["list"] == "events":
        event_type = cl.event_type(item.get("type")) if isinstance(item, Mapping) else None
        name = event_type.name.get(lang) if event_type else path
        where = f"{name} #{index + 1}"
        if key is None:
            return f"{where} ({describe_date(item, lang)})" if isinstance(item, Mapping) \
                else where
        prompt = event_type.field(key) if event_type else None
        return f"{where} — {prompt.label.get(lang) if prompt else key}"
    question = cl.question_at(match["list"])
    noun = question.item_label.get(lang) if question and question.item_label else match["list"]
    where = f"{noun} {index + 1}"
    if key is None:
        return where
    field = next((f for f in question.fields if f.key == key), None) if question else None
    return f"{where} — {field.label.get(lang) if field else key}"


Details = list[tuple[str, str]]  # (field label with its ":" or "?", value)


def timeline_rows(facts: Mapping[str, Any], w: Words) -> list[tuple[int, str, str, Details]]:
    """(number as in the file, event name, date as understood, details) in timeline order."""
    cl = checklist()
    rows = []
    for index, event in events_sorted(facts):
        event_type = cl.event_type(event.get("type"))
        name = event_type.name.get(w.lang) if event_type else str(event.get("type", "?"))
        details = []
        for key, value in event.items():
            if key in _DATE_KEYS or key == "type":
                continue
            prompt = event_type.field(key) if event_type else None
            label = prompt.label.get(w.lang) if prompt else key
            shown = value_text(value, prompt, w)
            details.append((label if label.endswith("?") else f"{label}:", shown))
        rows.append((index + 1, name, describe_date(event, w.lang), details))
    return rows


def value_text(value: Any, prompt: Prompt | None, w: Words) -> str:
    """An answer as the paralegal saw it: choice labels, yes/no, dates as understood."""
    if value is None:
        return prompt.null_label.get(w.lang) if prompt and prompt.null_label \
            else w("common", "none")
    if isinstance(value, bool):
        return w("common", "yes" if value else "no")
    if isinstance(value, list):
        if not value:
            return prompt.empty_label.get(w.lang) if prompt and prompt.empty_label \
                else w("common", "none")
        return ", ".join(value_text(v, prompt, w) for v in value)
    if isinstance(value, Mapping):
        return describe_date(value, w.lang) if "date" in value else ", ".join(
            f"{k}: {value_text(v, None, w)}" for k, v in value.items())
    if prompt is not None:
        if prompt.type is QuestionType.YES_NO_UNKNOWN and value in ("yes", "no", "unknown"):
            return w("common", str(value))
        if prompt.type is QuestionType.DATE:
            return describe_date(str(value), w.lang)
        if prompt.type in (QuestionType.COUNTRY, QuestionType.COUNTRY_LIST):
            return country_name(str(value)) or str(value)
        choice = prompt.choice(str(value))
        if choice is not None:
            return choice.label.get(w.lang)
    return str(value)
