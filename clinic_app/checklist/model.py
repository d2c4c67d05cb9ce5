"""The checklist as plain frozen data: sections, questions, event types and cross-field checks.

A checklist is what the clinic's lawyers maintain (forms/checklists/*.yaml); the intake window
renders it and writes every answer into `clinic-intake/1` facts at the question's `path`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from clinic_app.errors import ClinicError


class ChecklistError(ClinicError):
    """A checklist file is broken; names the file, line and column so its author can fix it."""

    code = "checklist"

    def __init__(self, message: str, *, file: str = "", line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        where = file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}" if where else message)


class QuestionType(StrEnum):
    """How a question is asked and what it stores (see docs/checklists.md)."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    YES_NO_UNKNOWN = "yes_no_unknown"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    COUNTRY = "country"
    COUNTRY_LIST = "country_list"
    LANGUAGE_LIST = "language_list"
    A_NUMBER = "a_number"
    RECORD_LIST = "record_list"  # a repeatable group of fields (household members)
    EVENT_LIST = "event_list"  # the border history: items typed by the checklist's event_types


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})
LIST_TYPES = frozenset({QuestionType.MULTI_CHOICE, QuestionType.COUNTRY_LIST,
                        QuestionType.LANGUAGE_LIST, QuestionType.RECORD_LIST,
                        QuestionType.EVENT_LIST})


class Severity(StrEnum):
    """`error`: the facts cannot all be true, fix before completing; `warning`: verify."""

    ERROR = "error"
    WARNING = "warning"


class CheckScope(StrEnum):
    """What a check looks at: the whole intake, each event, or each household member."""

    INTAKE = "intake"
    EVENT = "event"
    MEMBER = "member"


@dataclass(frozen=True)
class Text:
    """The same words in English and Spanish; the ui picks by its language setting."""

    en: str
    es: str

    def get(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class Choice:
    """One option of a choice question: the format's enum `value` and what the paralegal reads."""

    value: str
    label: Text
    help: Text | None = None


@dataclass(frozen=True, kw_only=True)
class Prompt:
    """What Question and EventField share: how to ask, what is valid, when to show."""

    type: QuestionType
    label: Text
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    required_for_completion: bool = False
    not_future: bool = False
    pattern: str | None = None
    pattern_message: Text | None = None
    show_when: str | None = None
    # The answer may be recorded as an explicit "none" (JSON null), e.g. "no representative".
    null_label: Text | None = None
    # An empty list is a real answer ("passed through no country"), distinct from "not asked".
    empty_label: Text | None = None
    # Dates only: the answer is a dated object (date, date_to, approximate), not one string.
    range: bool = False
    # Dates only: also offer the time of day and its IANA time zone.
    time: bool = False

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True, kw_only=True)
class EventField(Prompt):
    """A field of one item of a repeatable list (an event, or a household member); `key` is
    relative to the item."""

    key: str


@dataclass(frozen=True, kw_only=True)
class Question(Prompt):
    """One question; its answer lives at `path` in the facts (e.g. `client.given_names`)."""

    id: str
    path: str
    fields: tuple[EventField, ...] = ()  # record_list only: the fields of one item
    item_label: Text | None = None  # record_list only: what one item is called


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]
    help: Text | None = None


@dataclass(frozen=True)
class EventType:
    """One kind of border-history event; `type` is the format's `events[].type` value."""

    type: str
    name: Text  # a title for pickers and the timeline: "Entry to the US"
    noun: Text  # for sentences in messages: "entry" -> "The entry date (...) is after today."
    fields: tuple[EventField, ...]
    help: Text | None = None

    def field(self, key: str) -> EventField | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True)
class Check:
    """A cross-field check: when the CEL condition `when` is true, the facts look impossible.

    `path` is where the issue is shown: a facts path for scope `intake`, a key of the item for
    scopes `event` and `member` ("" = the item itself). Messages may hold `{CEL expression}`
    placeholders, rendered in the message's language (dates as describe_date shows them).
    """

    id: str
    when: str
    severity: Severity
    message: Text
    scope: CheckScope = CheckScope.INTAKE
    path: str = ""
    event_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    """A versioned checklist; intakes record the `id` and `version` they were taken with."""

    id: str
    version: int
    title: Text
    sections: tuple[Section, ...]
    event_types: tuple[EventType, ...] = ()
    checks: tuple[Check, ...] = ()
    source: str = field(default="", compare=False)

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions() if q.id == question_id), None)

    def question_at(self, path: str) -> Question | None:
        return next((q for q in self.questions() if q.path == path), None)

    def event_type(self, type_: object) -> EventType | None:
        return next((e for e in self.event_types if e.type == type_), None)


@dataclass(frozen=True)
class CheckIssue:
    """One problem found in a draft: where (a facts path) and what, in both languages."""

    path: str
    severity: Severity
    message_en: str
    message_es: str
    code: str = ""

    def message(self, lang: str) -> str:
        return self.message_es if lang == "es" else self.message_en
