"""The flag engine: one derived view and one CEL context per intake, compiled triggers per pack.

`ScreeningEngine` implements the `Screener` port. A flag fires when any of its triggers returns a
non-empty list of fact paths; its level is the highest level among the triggers that fired.
Silence only means the recorded facts did not trigger the rule (flags.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import cel

from clinic_app.dates import DateSyntaxError, parse_partial_date
from clinic_app.domain import Flag, IntakeDocument, PackFingerprint, RulePackInfo, ScreeningResult
from clinic_app.rescreening import PROBLEM
from clinic_app.screening.expressions import FUNCTIONS, needs_of
from clinic_app.screening.fingerprint import pack_fingerprint
from clinic_app.screening.model import Expr, FlagRule, RulePack, Trigger
from clinic_app.screening.reasons import build_flag
from clinic_app.screening.texts import Words, render
from clinic_app.screening.view import IntakeView, Needs, build_view, fill_variables

Compiled = tuple[tuple[FlagRule, tuple[tuple[Trigger, Any], ...]], ...]
Fired = list[tuple[FlagRule, list[tuple[Trigger, list[str]]]]]


def default_as_of(document: IntakeDocument) -> date:
    """flags.md 2.1: screen as of the intake date when recorded, else today."""
    raw = document.intake_date
    if raw:
        try:
            return parse_partial_date(raw).first
        except DateSyntaxError:
            pass
    return date.today()


@dataclass(frozen=True)
class PartialScreening:
    """Some flags of the pack evaluated for one intake (the incremental re-screen)."""

    flags: tuple[Flag, ...]  # the evaluated flags that fired, in pack order
    silent: frozenset[str]  # the evaluated flags that did not
    warnings: tuple[str, ...] | None  # the data warnings, when asked for
    problems: tuple[str, ...]  # rules that raised (then re-screen the intake in full)


@dataclass(frozen=True)
class _Plan:
    rules: Compiled
    triggers: Needs  # what the triggers read
    needs: Needs  # what the triggers, reasons (and warnings, when asked) read


class ScreeningEngine:
    """Screens intakes against one validated rule pack (see `forms.rule_pack_loader`)."""

    def __init__(self, pack: RulePack) -> None:
        self._pack = pack
        self._bounds = tuple(b.day for b in pack.boundaries)
        self._by_day = {b.day.toordinal(): b for b in pack.boundaries}
        self._rules: Compiled = tuple(
            (rule, tuple((t, t.when.program) for t in rule.triggers)) for rule in pack.flags)
        self._fingerprint = pack_fingerprint(pack)
        self._plans: dict[tuple[frozenset[str], bool], _Plan] = {}

    @property
    def pack(self) -> RulePack:
        return self._pack

    @property
    def pack_info(self) -> RulePackInfo:
        return self._pack.info

    @property
    def fingerprint(self) -> PackFingerprint:
        return self._fingerprint

    def screen(self, document: IntakeDocument, *, as_of: date | None = None,
               lang: str = "en") -> ScreeningResult:
        """Every flag that may apply to `document` as of `as_of`, with reasons in `lang`."""
        day = as_of or default_as_of(document)
        view = build_view(document.facts, day, self._bounds)
        ctx = cel.Context(variables=view.variables, functions=FUNCTIONS)
        fired, silent, problems = _triggers(self._rules, view, ctx)
        words = Words(view, self._pack.terms, self._by_day, lang)
        fired_ids = frozenset(rule.id for rule, _ in fired)
        flags = tuple(build_flag(rule, hits, ctx, words, self._pack, self._by_day, fired_ids)
                      for rule, hits in fired)
        return ScreeningResult(as_of=day, rule_pack=self._pack.info, flags=flags,
                               not_applicable=tuple(silent),
                               warnings=tuple(self._warnings(view, ctx, words) + problems),
                               fingerprint=self._fingerprint)

    def evaluate(self, document: IntakeDocument, *, as_of: date, flags: Collection[str],
                 fired_elsewhere: Collection[str] = (), warnings: bool = False,
                 lang: str = "en") -> PartialScreening:
        """Only the flags `flags` (and the data warnings if asked) for `document` as of `as_of`.

        `fired_elsewhere` names the flags not evaluated here that fired (their `with_flag`
        parts). The view and the CEL context hold only what these rules read, so evaluating
        one flag costs a fraction of a whole screening; the flags that fire come out exactly
        as `screen` would write them.
        """
        plan = self._plan(frozenset(flags), warnings)
        view = build_view(document.facts, as_of, self._bounds, plan.triggers)
        ctx = cel.Context(variables=view.variables, functions=FUNCTIONS)
        fired, silent, problems = _triggers(plan.rules, view, ctx)
        if not fired and not warnings:
            return PartialScreening((), frozenset(silent), None, tuple(problems))
        if plan.needs != plan.triggers:
            # The reasons of the flags that fired and the warnings read more of the view.
            fill_variables(view, plan.needs)
            ctx = cel.Context(variables=view.variables, functions=FUNCTIONS)
        words = Words(view, self._pack.terms, self._by_day, lang)
        fired_ids = frozenset(fired_elsewhere) | {rule.id for rule, _ in fired}
        out = tuple(build_flag(rule, hits, ctx, words, self._pack, self._by_day, fired_ids)
                    for rule, hits in fired)
        return PartialScreening(out, frozenset(silent),
                                tuple(self._warnings(view, ctx, words)) if warnings else None,
                                tuple(problems))

    def _plan(self, flags: frozenset[str], warnings: bool) -> _Plan:
        plan = self._plans.get((flags, warnings))
        if plan is None:
            rules = tuple(r for r in self._rules if r[0].id in flags)
            triggers = _needs(t.when for rule, _ in rules for t in rule.triggers)
            more: list[Expr] = [e for rule, _ in rules for part in rule.reason
                                for e in (part.when, part.each) if e is not None]
            if warnings:
                more += [w.when for w in self._pack.warnings]
            plan = self._plans[(flags, warnings)] = _Plan(rules, triggers,
                                                          triggers | _needs(more))
        return plan

    def _warnings(self, view: IntakeView, ctx: cel.Context, words: Words) -> list[str]:
        out = [words.term("warn_unreadable", path=path, problem=problem)
               for path, problem in view.problems]
        for warning in self._pack.warnings:
            result = warning.when.program.execute(ctx)
            text = warning.text.get(words.lang)
            if result is True:
                out.append(render(text, words.globals()))
            elif isinstance(result, list):
                out += [render(text, words.fact(p)) for p in view.ordered(result)]
        return out


def _needs(exprs: Iterable[Expr]) -> Needs:
    needs = Needs(frozenset())
    for expr in exprs:
        needs = needs | needs_of(expr)
    return needs


def _triggers(rules: Compiled, view: IntakeView, ctx: cel.Context
              ) -> tuple[Fired, list[str], list[str]]:
    """Run the triggers of `rules`: (fired rules with their hits, silent ids, problems)."""
    problems: list[str] = []
    fired: Fired = []
    silent: list[str] = []
    for rule, programs in rules:
        hits = []
        for trigger, program in programs:
            try:
                paths = program.execute(ctx)
            except Exception as exc:  # a pack bug must not lose the other flags
                problems.append(f"{rule.id}: {PROBLEM} ({exc})")
                continue
            if paths:
                hits.append((trigger, view.ordered(paths)))
        if hits:
            fired.append((rule, hits))
        else:
            silent.append(rule.id)
    return fired, silent, problems
