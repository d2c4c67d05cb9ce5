"""A rule pack as typed data: flags, triggers, bilingual reason parts, citations, timelines.

The pack is what the clinic's lawyers review; nothing here knows YAML (the loader in `forms` builds
these objects) and nothing here evaluates anything (see `expressions.py` and `engine.py`). Every
expression and template remembers where it was written, so any error names file, line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from clinic_app.domain import FlagLevel, RulePackInfo


@dataclass(frozen=True)
class Where:
    """A position in a pack file (1-based line and column)."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Expr:
    """A CEL expression, its compiled program and where each of its characters came from.

    `char_map[i]` is the file position of `source[i]` when the loader could trace it (plain,
    literal and folded YAML scalars); otherwise errors fall back to `where`, the scalar's start.
    """

    source: str
    where: Where
    char_map: tuple[tuple[int, int], ...] = ()
    program: Any = field(default=None, compare=False, repr=False)

    def locate(self, line: int, column: int) -> Where:
        """File position of CEL's 1-based `line:column` inside this expression."""
        lines = self.source.split("\n")
        offset = sum(len(x) + 1 for x in lines[: max(line - 1, 0)]) + max(column - 1, 0)
        if self.char_map:
            ln, col = self.char_map[min(offset, len(self.char_map) - 1)]
            return Where(self.where.file, ln, col)
        return self.where


@dataclass(frozen=True)
class Text:
    """An English/Spanish pair of `string.Template` texts (`${name}` placeholders)."""

    en: str
    es: str
    where: Where | None = field(default=None, compare=False)      # of the `en` text
    where_es: Where | None = field(default=None, compare=False)

    def get(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class Citation:
    url: str
    supports: str


@dataclass(frozen=True)
class TimelineEntry:
    """One dated step of a policy's legal status, tagged as in policy-reference.md."""

    date: str
    event: str
    confidence: str


@dataclass(frozen=True)
class Trigger:
    """One way a flag fires: a CEL list of fact paths, a level, and what to say per fact."""

    level: FlagLevel
    when: Expr
    says: Text | None = None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class ReasonPart:
    """A piece of reason text: always, only `when` true, or once per fact path `each` returns."""

    text: Text
    when: Expr | None = None
    each: Expr | None = None
    facts: tuple[str, ...] = ()   # extra fact paths the part adds when it is said
    with_flag: str = ""           # said only when this other flag fired too


@dataclass(frozen=True)
class FlagRule:
    id: str
    title: Text
    policy: str
    triggers: tuple[Trigger, ...]
    reason: tuple[ReasonPart, ...]
    citations: tuple[Citation, ...]
    timeline: tuple[TimelineEntry, ...] = ()
    cite_boundaries: bool = False   # add the sources of the flags governed by the boundary hit


@dataclass(frozen=True)
class Boundary:
    """A boundary date (flags.md 2.2), what turns on it and whose sources explain it."""

    day: date
    governs: tuple[str, ...]
    what: Text
    sides: Text


@dataclass(frozen=True)
class DataWarning:
    """An intake data warning: shown when `when` is true or returns a non-empty list of paths."""

    when: Expr
    text: Text


@dataclass(frozen=True)
class RulePack:
    id: str
    version: str
    reviewed: str
    sources_as_of: str
    preamble: Text
    boundaries: tuple[Boundary, ...]
    terms: Mapping[str, Text]
    flags: tuple[FlagRule, ...]
    warnings: tuple[DataWarning, ...] = ()
    source: str = ""

    @property
    def info(self) -> RulePackInfo:
        return RulePackInfo(self.id, self.version, self.reviewed, self.sources_as_of)

    def flag(self, flag_id: str) -> FlagRule:
        return next(f for f in self.flags if f.id == flag_id)

    def expressions(self) -> list[tuple[str, Expr]]:
        """Every expression with its role (`trigger`, `when`, `each`, `warning`), for checking."""
        out: list[tuple[str, Expr]] = []
        for f in self.flags:
            out += [("trigger", t.when) for t in f.triggers]
            for p in f.reason:
                out += [("when", p.when)] if p.when else []
                out += [("each", p.each)] if p.each else []
        out += [("warning", w.when) for w in self.warnings]
        return out
