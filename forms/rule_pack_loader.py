"""Load a YAML rule pack into `clinic_app.screening` objects, refusing anything malformed.

The YAML is *composed* (not loaded) so every node keeps its line and column; the walker below
checks keys strictly (missing, unknown, repeated) and hands each CEL expression to the core with
a per-character map back into the file, so a CEL error points at the exact column in the pack.
Anything wrong raises `RulePackError(file, line, column)`; the current pack then stays in use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from clinic_app.domain import FlagLevel
from clinic_app.errors import RulePackError
from clinic_app.screening.expressions import compile_expr
from clinic_app.screening.model import (
    Boundary,
    Citation,
    DataWarning,
    Expr,
    FlagRule,
    ReasonPart,
    RulePack,
    Text,
    TimelineEntry,
    Trigger,
    Where,
)
from clinic_app.screening.validate import validate_pack

FORMAT = "clinic-rule-pack/1"
# libyaml when present: 20x faster than the pure-Python parser, with the same node marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_CONFIDENCE = re.compile(r"^(?:P|S1|S2|U)(?:/(?:P|S1|S2|U))*$")
T = TypeVar("T")


def default_pack_path() -> Path:
    """The rule pack shipped with the application."""
    return Path(__file__).resolve().parent / "rule_packs" / "us-border-asylum.yaml"


def load_rule_pack(path: Path) -> RulePack:
    """Read, check and compile the pack at `path`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RulePackError(f"cannot read the rule pack: {exc.strerror}", file=str(path)) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RulePackError("the rule pack is not UTF-8 text", file=str(path), line=line) from exc
    return parse_rule_pack(text, str(path))


def parse_rule_pack(text: str, source: str) -> RulePack:
    """Check and compile pack `text`; `source` names it in errors."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise RulePackError(f"YAML error: {exc.problem or exc.context}", file=source,
                            line=line, column=column) from exc
    except yaml.YAMLError as exc:
        raise RulePackError(f"YAML error: {exc}", file=source) from exc
    except RecursionError as exc:
        raise RulePackError("YAML nested too deeply", file=source) from exc
    if root is None:
        raise RulePackError("the rule pack is empty", file=source, line=1, column=1)
    try:
        pack = _Reader(source, text).pack(root)
    except RecursionError as exc:   # a YAML alias that contains itself
        raise RulePackError("YAML aliases refer to themselves", file=source,
                            line=root.start_mark.line + 1, column=1) from exc
    validate_pack(pack)
    return pack


class _Reader:
    """Walks composed YAML nodes into model objects, failing at the first bad node."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.split("\n")

    def where(self, node: Node) -> Where:
        return Where(self.source, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: Node, message: str) -> RulePackError:
        w = self.where(node)
        return RulePackError(message, file=w.file, line=w.line, column=w.column)

    def fields(self, node: Node, what: str, required: set[str],
               optional: frozenset[str] = frozenset()) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values")
        out: dict[str, Node] = {}
        for key, value in node.value:
            name = self.text(key, "a key")
            if name in out:
                raise self.fail(key, f"{what}: key '{name}' is repeated")
            if name not in required and name not in optional:
                allowed = ", ".join(sorted(required | optional))
                raise self.fail(key, f"{what}: unknown key '{name}' (allowed: {allowed})")
            out[name] = value
        missing = sorted(required - set(out))
        if missing:
            raise self.fail(node, f"{what}: missing key '{missing[0]}'")
        return out

    def text(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            raise self.fail(node, f"{what} must be a single value (text)")
        return str(node.value)

    def items(self, node: Node, what: str, read: Callable[[Node], T]) -> tuple[T, ...]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return tuple(read(item) for item in node.value)

    def day(self, node: Node, what: str) -> date:
        value = self.text(node, what)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(node, f"{what} must be a date YYYY-MM-DD, not '{value}'") from None

    def flag_bool(self, node: Node, what: str) -> bool:
        value = self.text(node, what).lower()
        if value not in ("true", "false"):
            raise self.fail(node, f"{what} must be true or false")
        return value == "true"

    def bilingual(self, node: Node, what: str) -> Text:
        f = self.fields(node, what, {"en", "es"})
        return Text(self.text(f["en"], f"{what}.en"), self.text(f["es"], f"{what}.es"),
                    self.where(f["en"]), self.where(f["es"]))

    def expr(self, node: Node, what: str) -> Expr:
        source = self.text(node, what)
        char_map = self._char_map(node, source) if isinstance(node, ScalarNode) else ()
        return compile_expr(source, self.where(node), char_map)

    def _char_map(self, node: ScalarNode, value: str) -> tuple[tuple[int, int], ...]:
        """File (line, column) of each character of a plain, quoted, literal or folded scalar.

        Returns () when the mapping cannot be traced exactly (escapes, blank lines in a folded
        scalar ...): errors then point at the scalar's start, never at a wrong column.
        """
        start, end = node.start_mark, node.end_mark
        if node.style in ('"', "'"):
            if start.line != end.line or "\\" in value or "''" in self.lines[start.line]:
                return ()
            return tuple((start.line + 1, start.column + 2 + i) for i in range(len(value)))
        if node.style in ("|", ">"):
            first = start.line + 1
            stop = end.line if end.column else end.line - 1   # end mark may sit on the next key
            raw = self.lines[first:stop + 1]
            indent = min((len(x) - len(x.lstrip(" ")) for x in raw if x.strip()), default=0)
            pieces = [(first + k, indent, x[indent:]) for k, x in enumerate(raw)]
        else:
            raw = self.lines[start.line:end.line + 1]
            raw[-1] = raw[-1][:end.column]
            pieces = [(start.line, start.column, raw[0][start.column:])]
            pieces += [(start.line + k, len(x) - len(x.lstrip()), x.strip())
                       for k, x in enumerate(raw[1:], 1)]
        joiner = "\n" if node.style == "|" else " "
        chars: list[tuple[int, int]] = []
        built = ""
        for n, (line, col, body) in enumerate(pieces):
            if n and built:
                built += joiner
                chars.append(chars[-1])
            body = body if node.style == "|" else body.rstrip()
            built += body
            chars += [(line + 1, col + 1 + i) for i in range(len(body))]
        return tuple(chars[: len(value)]) if built.rstrip("\n ") == value.rstrip("\n ") else ()

    def citation(self, node: Node) -> Citation:
        f = self.fields(node, "citation", {"url", "supports"})
        url = self.text(f["url"], "citation url")
        if not url.startswith(("http://", "https://")):
            raise self.fail(f["url"], "citation url must start with http:// or https://")
        return Citation(url, self.text(f["supports"], "citation supports"))

    def trigger(self, node: Node) -> Trigger:
        f = self.fields(node, "trigger", {"level", "when"}, frozenset({"says", "citations"}))
        level = self.text(f["level"], "level")
        if level not in {lv.value for lv in FlagLevel}:
            raise self.fail(f["level"], f"level must be urgent, review or check, not '{level}'")
        return Trigger(FlagLevel(level), self.expr(f["when"], "when"),
                       self.bilingual(f["says"], "says") if "says" in f else None,
                       self.items(f["citations"], "citations", self.citation)
                       if "citations" in f else ())

    def part(self, node: Node) -> ReasonPart:
        f = self.fields(node, "reason part", {"en", "es"},
                        frozenset({"when", "each", "facts", "with_flag"}))
        if "when" in f and "each" in f:
            raise self.fail(node, "a reason part has either 'when' or 'each', not both")
        return ReasonPart(
            Text(self.text(f["en"], "en"), self.text(f["es"], "es"),
                 self.where(f["en"]), self.where(f["es"])),
            when=self.expr(f["when"], "when") if "when" in f else None,
            each=self.expr(f["each"], "each") if "each" in f else None,
            facts=self.items(f["facts"], "facts", lambda n: self.text(n, "fact path"))
            if "facts" in f else (),
            with_flag=self.text(f["with_flag"], "with_flag") if "with_flag" in f else "")

    def timeline(self, node: Node) -> TimelineEntry:
        f = self.fields(node, "timeline entry", {"date", "event", "confidence"})
        tag = self.text(f["confidence"], "confidence")
        if not _CONFIDENCE.match(tag):
            raise self.fail(f["confidence"], f"confidence must be P, S2, S1 or U, not '{tag}'")
        return TimelineEntry(self.text(f["date"], "date"), self.text(f["event"], "event"), tag)

    def flag(self, node: Node) -> FlagRule:
        f = self.fields(node, "flag", {"id", "title", "policy", "triggers", "citations"},
                        frozenset({"reason", "timeline", "cite_boundaries"}))
        flag_id = self.text(f["id"], "id")
        if not _ID.match(flag_id):
            raise self.fail(f["id"], f"flag id '{flag_id}' must look like ONE-YEAR")
        triggers = self.items(f["triggers"], "triggers", self.trigger)
        if not triggers:
            raise self.fail(f["triggers"], f"{flag_id}: at least one trigger is needed")
        return FlagRule(
            flag_id, self.bilingual(f["title"], "title"), self.text(f["policy"], "policy"),
            triggers, self.items(f["reason"], "reason", self.part) if "reason" in f else (),
            self.items(f["citations"], "citations", self.citation),
            self.items(f["timeline"], "timeline", self.timeline) if "timeline" in f else (),
            self.flag_bool(f["cite_boundaries"], "cite_boundaries")
            if "cite_boundaries" in f else False)

    def boundary(self, node: Node) -> Boundary:
        f = self.fields(node, "boundary", {"date", "governs", "what", "sides"})
        return Boundary(self.day(f["date"], "boundary date"),
                        self.items(f["governs"], "governs", lambda n: self.text(n, "flag id")),
                        self.bilingual(f["what"], "what"), self.bilingual(f["sides"], "sides"))

    def warning(self, node: Node) -> DataWarning:
        f = self.fields(node, "warning", {"when", "en", "es"})
        return DataWarning(self.expr(f["when"], "when"),
                           Text(self.text(f["en"], "en"), self.text(f["es"], "es"),
                                self.where(f["en"]), self.where(f["es"])))

    def pack(self, root: Node) -> RulePack:
        f = self.fields(root, "rule pack", {
            "format", "id", "version", "reviewed", "sources_as_of", "preamble", "boundaries",
            "flags"}, frozenset({"terms", "warnings"}))
        if self.text(f["format"], "format") != FORMAT:
            raise self.fail(f["format"], f"format must be '{FORMAT}'")
        for key in ("reviewed", "sources_as_of"):
            self.day(f[key], key)
        terms: dict[str, Text] = {}
        if "terms" in f:
            if not isinstance(f["terms"], MappingNode):
                raise self.fail(f["terms"], "terms must be a mapping of codes to {en, es}")
            for key, value in f["terms"].value:
                name = self.text(key, "a term")
                if name in terms:
                    raise self.fail(key, f"term '{name}' is repeated")
                terms[name] = self.bilingual(value, f"term {name}")
        flags = self.items(f["flags"], "flags", self.flag)
        seen: set[str] = set()
        for flag_node, rule in zip(f["flags"].value, flags, strict=True):
            if rule.id in seen:
                raise self.fail(flag_node, f"flag id {rule.id} is repeated")
            seen.add(rule.id)
        return RulePack(
            id=self.text(f["id"], "id"), version=self.text(f["version"], "version"),
            reviewed=self.text(f["reviewed"], "reviewed"),
            sources_as_of=self.text(f["sources_as_of"], "sources_as_of"),
            preamble=self.bilingual(f["preamble"], "preamble"),
            boundaries=self.items(f["boundaries"], "boundaries", self.boundary),
            terms=terms, flags=flags,
            warnings=self.items(f["warnings"], "warnings", self.warning)
            if "warnings" in f else (),
            source=self.source)
