"""The intake checklist: a versioned, bilingual list of questions whose answers are
`clinic-intake/1` facts, with skip logic and cross-field checks in CEL (pure Python core).

The YAML files and their loader live in `forms`; the intake window renders this model.
"""

from clinic_app.checklist.answers import (
    JSON_NULL,
    append_item,
    get_answer,
    get_date_entry,
    new_facts,
    parse_path,
    set_answer,
    set_date_entry,
)
from clinic_app.checklist.date_entry import (
    DateEntryError,
    day_bounds,
    describe_date,
    is_time_zone,
    parse_date_entry,
)
from clinic_app.checklist.expressions import compile_expression
from clinic_app.checklist.logic import (
    events_sorted,
    hidden_answers,
    is_answered,
    missing_for_completion,
    section_progress,
    visible_fields,
    visible_questions,
)
from clinic_app.checklist.model import (
    Check,
    CheckIssue,
    Checklist,
    ChecklistError,
    CheckScope,
    Choice,
    EventField,
    EventType,
    Prompt,
    Question,
    QuestionType,
    Section,
    Severity,
    Text,
)
from clinic_app.checklist.validation import check_facts, normalize_a_number

__all__ = [
    "JSON_NULL", "Check", "CheckIssue", "CheckScope", "Checklist", "ChecklistError", "Choice",
    "DateEntryError", "EventField", "EventType", "Prompt", "Question", "QuestionType", "Section",
    "Severity", "Text", "append_item", "check_facts", "compile_expression", "day_bounds",
    "describe_date", "events_sorted", "get_answer", "get_date_entry", "hidden_answers",
    "is_answered", "is_time_zone", "missing_for_completion", "new_facts", "normalize_a_number",
    "parse_date_entry", "parse_path", "section_progress", "set_answer", "set_date_entry",
    "visible_fields", "visible_questions",
]
