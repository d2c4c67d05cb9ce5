"""The flag engine: one derived view and one CEL context per intake, compiled triggers per pack.

`ScreeningEngine` implements the `Screener` port. A flag fires when any of its triggers returns a
non-empty list of fact paths; its level is the highest level among the triggers that fired.
Silence only means the recorded facts did not trigger the rule (flags.md).
"""

from __future__ import annotations

from datetime import date

import cel

from clinic_app.dates import DateSyntaxError, parse_partial_date
from clinic_app.domain import IntakeDocument, RulePackInfo, ScreeningResult
from clinic_app.screening.expressions import FUNCTIONS
from clinic_app.screening.model import FlagRule, RulePack, Trigger
from clinic_app.screening.reasons import build_flag
from clinic_app.screening.texts import Words, render
from clinic_app.screening.view import IntakeView, build_view


def default_as_of(document: IntakeDocument) -> date:
    """flags.md 2.1: screen as of the intake date when recorded, else today."""
    raw = document.intake_date
    if raw:
        try:
            return parse_partial_date(raw).first
        except DateSyntaxError:
            pass
    return date.today()


class ScreeningEngine:
    """Screens intakes against one validated rule pack (see `forms.rule_pack_loader`)."""

    def __init__(self, pack: RulePack) -> None:
        self._pack = pack
        self._bounds = tuple(b.day for b in pack.boundaries)
        self._by_day = {b.day.toordinal(): b for b in pack.boundaries}
        self._rules = tuple((rule, tuple((t, t.when.program) for t in rule.triggers))
                            for rule in pack.flags)

    @property
    def pack(self) -> RulePack:
        return self._pack

    @property
    def pack_info(self) -> RulePackInfo:
        return self._pack.info

    def screen(self, document: IntakeDocument, *, as_of: date | None = None,
               lang: str = "en") -> ScreeningResult:
        """Every flag that may apply to `document` as of `as_of`, with reasons in `lang`."""
        day = as_of or default_as_of(document)
        view = build_view(document.facts, day, self._bounds)
        ctx = cel.Context(variables=view.variables, functions=FUNCTIONS)
        problems: list[str] = []
        fired: list[tuple[FlagRule, list[tuple[Trigger, list[str]]]]] = []
        silent: list[str] = []
        for rule, programs in self._rules:
            hits = []
            for trigger, program in programs:
                try:
                    paths = program.execute(ctx)
                except Exception as exc:  # a pack bug must not lose the other flags
                    problems.append(f"{rule.id}: rule could not be evaluated ({exc})")
                    continue
                if paths:
                    hits.append((trigger, view.ordered(paths)))
            if hits:
                fired.append((rule, hits))
            else:
                silent.append(rule.id)
        words = Words(view, self._pack.terms, self._by_day, lang)
        fired_ids = frozenset(rule.id for rule, _ in fired)
        flags = tuple(build_flag(rule, hits, ctx, words, self._pack, self._by_day, fired_ids)
                      for rule, hits in fired)
        return ScreeningResult(as_of=day, rule_pack=self._pack.info, flags=flags,
                               not_applicable=tuple(silent),
                               warnings=tuple(self._warnings(view, ctx, words) + problems))

    def _warnings(self, view: IntakeView, ctx: cel.Context, words: Words) -> list[str]:
        out = [words.term("warn_unreadable", path=path, problem=problem)
               for path, problem in view.problems]
        for warning in self._pack.warnings:
            result = warning.when.program.execute(ctx)
            text = warning.text.get(words.lang)
            if result is True:
                out.append(render(text, words.globals()))
            elif isinstance(result, list):
                out += [render(text, words.fact(p)) for p in result]
        return out
