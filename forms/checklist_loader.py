"""Load a checklist YAML file into the core's Checklist model, refusing anything broken.

Works on yaml compose nodes, not loaded values, so every complaint names the file, line and
column a lawyer or paralegal has to edit; a checklist that loads can only write valid
`clinic-intake/1` facts and only contains CEL that compiles.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from clinic_app.checklist import (
    Check,
    Checklist,
    ChecklistError,
    CheckScope,
    Choice,
    EventField,
    EventType,
    Question,
    QuestionType,
    Section,
    Severity,
    Text,
)
from clinic_app.checklist.expressions import (
    BASE_VARIABLES,
    EVENT_VARIABLES,
    FUNCTIONS,
    MEMBER_VARIABLES,
    MESSAGE_VARIABLES,
    compile_expression,
    placeholders,
    unknown_variables,
)
from clinic_app.checklist.model import CHOICE_TYPES, LIST_TYPES
from clinic_app.checklist.schema import (
    EVENT_KEYS,
    HOUSEHOLD_KEYS,
    QUESTION_TYPES,
    TOP_LEVEL,
    KeySpec,
    event_key_spec,
)
from clinic_app.domain import FORMAT_ID

T = TypeVar("T")
_ID = re.compile(r"[a-z][a-z0-9_-]*")
_CEL_POSITION = re.compile(r"<input>:(\d+):(\d+):\s*(.*)")
# Named CEL functions a checklist may call: the standard ones plus the core's date helpers.
_CEL_FUNCTIONS = frozenset(FUNCTIONS) | {
    "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string",
    "bool", "bytes", "type", "dyn", "timestamp", "duration", "lowerAscii", "upperAscii",
}
_RECORD_KEYS: dict[str, dict[str, KeySpec]] = {"household": HOUSEHOLD_KEYS}
_PROMPT_KEYS = {"type", "label", "help", "choices", "required_for_completion", "not_future",
                "pattern", "pattern_message", "show_when", "null_label", "empty_label", "range",
                "time"}


def default_checklist_path() -> Path:
    """The checklist shipped with the app (found beside this module in a checkout or a wheel)."""
    return Path(__file__).resolve().parent / "checklists" / "intake-v1.yaml"


def load_checklist(path: Path | str) -> Checklist:
    """Read and check a checklist file; ChecklistError names the file and line of any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"cannot read the checklist: {exc}", file=str(path)) from exc
    return parse_checklist(text, str(path))


def parse_checklist(text: str, source: str = "<checklist>") -> Checklist:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ChecklistError(f"not valid YAML: {exc.problem or exc}", file=source,
                             line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise ChecklistError(f"not valid YAML: {exc}", file=source) from exc
    if root is None:
        raise ChecklistError("the checklist is empty", file=source, line=1)
    return _Reader(source, text).checklist(root)


class _Reader:
    """Turns nodes into model objects; every `fail` points at the node at fault."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()
        self.question_ids: set[str] = set()

    # -- generic node access ---------------------------------------------------------------
    def fail(self, node: yaml.Node, message: str, *, line: int | None = None,
             column: int | None = None) -> NoReturn:
        raise ChecklistError(message, file=self.source,
                             line=line if line is not None else node.start_mark.line + 1,
                             column=column if column is not None else node.start_mark.column + 1)

    def mapping(self, node: yaml.Node, what: str, required: Iterable[str],
                optional: Iterable[str] = ()) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping of keys to values")
        allowed = [*required, *optional]
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.fail(key_node, f"unknown key '{key}' in {what}{hint}; "
                                    f"allowed: {', '.join(sorted(allowed))}")
            if key in out:
                self.fail(key_node, f"key '{key}' appears twice in {what}")
            out[key] = value_node
        missing = [k for k in required if k not in out]
        if missing:
            self.fail(node, f"{what} is missing '{missing[0]}'")
        return out

    def scalar(self, node: yaml.Node, what: str, tag: str, noun: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != f"tag:yaml.org,2002:{tag}":
            self.fail(node, f"{what} must be {noun}")
        return str(node.value)

    def string(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node, what, "str", "text")
        if not value.strip():
            self.fail(node, f"{what} is empty")
        return value

    def flag(self, node: yaml.Node | None, what: str) -> bool:
        if node is None:
            return False
        return self.scalar(node, what, "bool", "true or false").lower() in ("true", "yes", "on")

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list")
        return list(node.value)

    def text(self, node: yaml.Node | None, what: str) -> Text | None:
        """{en: ..., es: ...}: both languages are required, always."""
        if node is None:
            return None
        keys = self.mapping(node, what, ("en", "es"))
        return Text(self.string(keys["en"], f"{what}.en"), self.string(keys["es"], f"{what}.es"))

    def required_text(self, node: yaml.Node, what: str) -> Text:
        text = self.text(node, what)
        assert text is not None
        return text

    def identifier(self, node: yaml.Node, what: str) -> str:
        value = self.string(node, what)
        if not _ID.fullmatch(value):
            self.fail(node, f"{what} '{value}' must be lower case letters, digits, _ or -")
        return value

    def unique(self, items: list[tuple[yaml.Node, T]], key: Callable[[T], str], what: str) -> None:
        seen: set[str] = set()
        for node, item in items:
            if key(item) in seen:
                self.fail(node, f"duplicate {what} '{key(item)}'")
            seen.add(key(item))

    # -- CEL ---------------------------------------------------------------------------------
    def cel(self, node: yaml.Node, what: str, variables: frozenset[str]) -> str:
        expr = self.string(node, what)
        self.check_cel(node, expr, what, variables)
        return expr

    def check_cel(self, node: yaml.Node, expr: str, what: str, variables: frozenset[str]) -> None:
        try:
            program = compile_expression(expr)
        except ValueError as exc:
            self.fail_cel(node, str(exc), what)
        unknown = unknown_variables(expr, variables)
        if unknown:
            self.fail(node, f"{what} uses '{unknown[0]}', which is not available here "
                            f"(available: {', '.join(sorted(variables))})")
        for name in program.functions():
            if re.fullmatch(r"[A-Za-z]\w*", name) and name not in _CEL_FUNCTIONS:
                self.fail(node, f"{what} calls unknown function '{name}' (available: "
                                f"{', '.join(sorted(FUNCTIONS))} and standard CEL)")

    def fail_cel(self, node: yaml.Node, error: str, what: str) -> NoReturn:
        m = _CEL_POSITION.search(error)
        if m is None:
            self.fail(node, f"{what} is not valid CEL: {error.splitlines()[0]}")
        cel_line, cel_col, problem = int(m.group(1)), int(m.group(2)), m.group(3)
        style = getattr(node, "style", None)
        if style in ("|", ">"):  # block scalar: the expression starts on the next line
            line = node.start_mark.line + 1 + cel_line
            raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            column = len(raw) - len(raw.lstrip()) + cel_col
        else:
            line = node.start_mark.line + cel_line
            column = (node.start_mark.column + (1 if style in ("'", '"') else 0) + cel_col
                      if cel_line == 1 else cel_col)
        self.fail(node, f"{what} is not valid CEL at column {cel_col} of the expression: "
                        f"{problem}", line=line, column=column)

    # -- the model ---------------------------------------------------------------------------
    def checklist(self, root: yaml.Node) -> Checklist:
        top = self.mapping(root, "the checklist", ("id", "version", "format", "title", "sections"),
                           ("event_types", "checks"))
        version = self.scalar(top["version"], "version", "int", "a whole number (1, 2, ...)")
        if int(version) < 1:
            self.fail(top["version"], "version must be 1 or more")
        if self.string(top["format"], "format") != FORMAT_ID:
            self.fail(top["format"], f"format must be '{FORMAT_ID}'")
        sections = [(n, self.section(n)) for n in self.sequence(top["sections"], "sections")]
        self.unique(sections, lambda s: s.id, "section id")
        event_types = [(n, self.event_type(n)) for n in
                       (self.sequence(top["event_types"], "event_types")
                        if "event_types" in top else [])]
        self.unique(event_types, lambda e: e.type, "event type")
        questions = [q for _, s in sections for q in s.questions]
        self.unique([(top["sections"], q) for q in questions], lambda q: q.path, "question path")
        if any(q.type is QuestionType.EVENT_LIST for q in questions):
            missing = sorted(set(EVENT_KEYS) - {e.type for _, e in event_types})
            if missing:
                self.fail(top.get("event_types", root),
                          f"event_types must cover every event type; missing: {', '.join(missing)}")
        checks = [(n, self.check(n)) for n in
                  (self.sequence(top["checks"], "checks") if "checks" in top else [])]
        self.unique(checks, lambda c: c.id, "check id")
        return Checklist(
            id=self.identifier(top["id"], "id"), version=int(version),
            title=self.required_text(top["title"], "title"),
            sections=tuple(s for _, s in sections), event_types=tuple(e for _, e in event_types),
            checks=tuple(c for _, c in checks), source=self.source)

    def section(self, node: yaml.Node) -> Section:
        keys = self.mapping(node, "a section", ("id", "title", "questions"), ("help",))
        sid = self.identifier(keys["id"], "section id")
        return Section(
            id=sid, title=self.required_text(keys["title"], f"section '{sid}' title"),
            help=self.text(keys.get("help"), f"section '{sid}' help"),
            questions=tuple(self.question(n) for n in
                            self.sequence(keys["questions"], f"section '{sid}' questions")))

    def question(self, node: yaml.Node) -> Question:
        keys = self.mapping(node, "a question", ("id", "path", "type", "label"),
                            (*_PROMPT_KEYS, "fields", "item_label"))
        qid = self.identifier(keys["id"], "question id")
        if qid in self.question_ids:
            self.fail(keys["id"], f"duplicate question id '{qid}'")
        self.question_ids.add(qid)
        path = self.string(keys["path"], f"question '{qid}' path")
        spec = TOP_LEVEL.get(path)
        if spec is None:
            close = difflib.get_close_matches(path, list(TOP_LEVEL), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.fail(keys["path"], f"question '{qid}': '{path}' is not a {FORMAT_ID} path{hint}")
        prompt = self.prompt(keys, f"question '{qid}'", spec, BASE_VARIABLES)
        fields: tuple[EventField, ...] = ()
        if prompt["type"] is QuestionType.RECORD_LIST:
            if "fields" not in keys:
                self.fail(node, f"question '{qid}' (record_list) needs 'fields'")
            item_keys = _RECORD_KEYS[path]
            fields = self.fields(keys["fields"], f"question '{qid}'",
                                 lambda k: item_keys.get(k), MEMBER_VARIABLES)
        elif "fields" in keys or "item_label" in keys:
            self.fail(keys.get("fields", keys.get("item_label", node)),
                      f"question '{qid}': only record_list questions have fields and item_label")
        item_label = self.text(keys.get("item_label"), f"question '{qid}' item_label")
        return Question(id=qid, path=path, fields=fields, item_label=item_label, **prompt)

    def prompt(self, keys: dict[str, yaml.Node], what: str, spec: KeySpec,
               variables: frozenset[str], *, dated: bool = False) -> dict[str, Any]:
        """The shared part of questions and fields, checked against the format's `spec`."""
        type_node = keys["type"]
        name = self.string(type_node, f"{what} type")
        if name not in QuestionType.__members__.values():
            self.fail(type_node, f"{what}: unknown type '{name}' (expected one of: "
                                 f"{', '.join(t.value for t in QuestionType)})")
        qtype = QuestionType(name)
        if qtype not in QUESTION_TYPES[spec.kind]:
            self.fail(type_node, f"{what}: type '{name}' cannot hold this fact "
                                 f"({spec.kind.value}); use "
                                 f"{' or '.join(sorted(QUESTION_TYPES[spec.kind]))}")
        choices = self.choices(keys.get("choices"), what, qtype, spec, type_node)
        range_, time_ = self.flag(keys.get("range"), "range"), self.flag(keys.get("time"), "time")
        if range_ != dated:
            self.fail(keys.get("range", type_node),
                      f"{what}: an event's date needs 'range: true'" if dated else
                      f"{what}: only an event's date can be a range (date_to, approximate)")
        if time_ and not range_:
            self.fail(keys["time"], f"{what}: 'time' goes with an event's date only")
        for option, allowed, reason in (
                ("null_label", spec.nullable, "this fact cannot be null in the format"),
                ("empty_label", qtype in LIST_TYPES, "only list answers can be empty"),
                ("pattern_message", "pattern" in keys, "it needs a 'pattern'")):
            if option in keys and not allowed:
                self.fail(keys[option], f"{what}: '{option}' is not allowed: {reason}")
        pattern = None
        if "pattern" in keys:
            pattern = self.string(keys["pattern"], f"{what} pattern")
            try:
                re.compile(pattern)
            except re.error as exc:
                self.fail(keys["pattern"], f"{what}: pattern is not a regular expression: {exc}")
        return {
            "type": qtype,
            "label": self.required_text(keys["label"], f"{what} label"),
            "help": self.text(keys.get("help"), f"{what} help"),
            "choices": choices,
            "required_for_completion": self.flag(keys.get("required_for_completion"),
                                                 "required_for_completion"),
            "not_future": self.flag(keys.get("not_future"), "not_future"),
            "pattern": pattern,
            "pattern_message": self.text(keys.get("pattern_message"), f"{what} pattern_message"),
            "show_when": (self.cel(keys["show_when"], f"{what} show_when", variables)
                          if "show_when" in keys else None),
            "null_label": self.text(keys.get("null_label"), f"{what} null_label"),
            "empty_label": self.text(keys.get("empty_label"), f"{what} empty_label"),
            "range": range_,
            "time": time_,
        }

    def choices(self, node: yaml.Node | None, what: str, qtype: QuestionType, spec: KeySpec,
                type_node: yaml.Node) -> tuple[Choice, ...]:
        if qtype not in CHOICE_TYPES:
            if node is not None:
                self.fail(node, f"{what}: only single_choice and multi_choice have choices")
            return ()
        if node is None:
            self.fail(type_node, f"{what}: a {qtype.value} question needs 'choices'")
        out: list[tuple[yaml.Node, Choice]] = []
        for item in self.sequence(node, f"{what} choices"):
            keys = self.mapping(item, f"a choice of {what}", ("value", "label"), ("help",))
            value = self.string(keys["value"], f"{what} choice value")
            if value not in spec.values:
                self.fail(keys["value"], f"{what}: '{value}' is not a {FORMAT_ID} value here "
                                         f"(expected one of: {', '.join(spec.values)})")
            out.append((keys["value"], Choice(
                value, self.required_text(keys["label"], f"{what} choice '{value}' label"),
                self.text(keys.get("help"), f"{what} choice '{value}' help"))))
        self.unique(out, lambda c: c.value, f"choice in {what}")
        missing = [v for v in spec.values if v not in {c.value for _, c in out}]
        if missing:
            self.fail(node, f"{what}: choices must offer every format value; missing: "
                            f"{', '.join(missing)}")
        return tuple(c for _, c in out)

    def fields(self, node: yaml.Node, what: str, spec_of: Callable[[str], KeySpec | None],
               variables: frozenset[str], *, event: bool = False) -> tuple[EventField, ...]:
        out: list[tuple[yaml.Node, EventField]] = []
        for item in self.sequence(node, f"{what} fields"):
            keys = self.mapping(item, f"a field of {what}", ("key", "type", "label"),
                                _PROMPT_KEYS)
            key = self.string(keys["key"], f"{what} field key")
            spec = spec_of(key)
            if spec is None or (event and key in ("date_to", "approximate", "time", "timezone")):
                self.fail(keys["key"], f"{what}: '{key}' is not a {FORMAT_ID} key here")
            prompt = self.prompt(keys, f"{what} field '{key}'", spec, variables,
                                 dated=event and key == "date")
            out.append((keys["key"], EventField(key=key, **prompt)))
        self.unique(out, lambda f: f.key, f"field in {what}")
        return tuple(f for _, f in out)

    def event_type(self, node: yaml.Node) -> EventType:
        keys = self.mapping(node, "an event type", ("type", "name", "noun", "fields"), ("help",))
        etype = self.string(keys["type"], "event type")
        if etype not in EVENT_KEYS:
            self.fail(keys["type"], f"'{etype}' is not a {FORMAT_ID} event type "
                                    f"(expected one of: {', '.join(EVENT_KEYS)})")
        fields = self.fields(keys["fields"], f"event type '{etype}'",
                             lambda k: event_key_spec(etype, k), EVENT_VARIABLES, event=True)
        if not any(f.key == "date" for f in fields):
            self.fail(keys["fields"], f"event type '{etype}' needs a 'date' field")
        return EventType(type=etype, name=self.required_text(keys["name"], f"'{etype}' name"),
                         noun=self.required_text(keys["noun"], f"'{etype}' noun"),
                         help=self.text(keys.get("help"), f"'{etype}' help"), fields=fields)

    def check(self, node: yaml.Node) -> Check:
        keys = self.mapping(node, "a check", ("id", "severity", "when", "message"),
                            ("scope", "path", "event_types"))
        cid = self.identifier(keys["id"], "check id")
        what = f"check '{cid}'"
        scope_name = self.string(keys["scope"], f"{what} scope") if "scope" in keys else "intake"
        if scope_name not in CheckScope.__members__.values():
            self.fail(keys["scope"], f"{what}: scope must be intake, event or member")
        scope = CheckScope(scope_name)
        severity = self.string(keys["severity"], f"{what} severity")
        if severity not in Severity.__members__.values():
            self.fail(keys["severity"], f"{what}: severity must be error or warning")
        types = tuple(self.string(n, f"{what} event type") for n in
                      self.sequence(keys["event_types"], f"{what} event_types")) \
            if "event_types" in keys else ()
        if types and scope is not CheckScope.EVENT:
            self.fail(keys["event_types"], f"{what}: event_types needs scope: event")
        for n, t in zip(keys.get("event_types", node).value if types else (), types, strict=False):
            if t not in EVENT_KEYS:
                self.fail(n, f"{what}: '{t}' is not an event type")
        path = self.string(keys["path"], f"{what} path") if "path" in keys else ""
        if path and not self.check_path_ok(scope, path, types):
            self.fail(keys["path"], f"{what}: '{path}' is not a {FORMAT_ID} path for this scope")
        variables = {CheckScope.INTAKE: BASE_VARIABLES, CheckScope.EVENT: EVENT_VARIABLES,
                     CheckScope.MEMBER: MEMBER_VARIABLES}[scope]
        when = self.cel(keys["when"], f"{what} when", variables)
        message = self.required_text(keys["message"], f"{what} message")
        for lang in ("en", "es"):
            for expr in placeholders(message.get(lang)):
                self.check_cel(keys["message"], expr, f"{what} message placeholder {{{expr}}}",
                               variables | (MESSAGE_VARIABLES if scope is CheckScope.EVENT
                                            else frozenset()))
        return Check(id=cid, when=when, severity=Severity(severity), message=message,
                     scope=scope, path=path, event_types=types)

    @staticmethod
    def check_path_ok(scope: CheckScope, path: str, types: tuple[str, ...]) -> bool:
        if scope is CheckScope.INTAKE:
            return path in TOP_LEVEL
        if scope is CheckScope.MEMBER:
            return path in HOUSEHOLD_KEYS
        return all(event_key_spec(t, path) is not None for t in types or tuple(EVENT_KEYS))
