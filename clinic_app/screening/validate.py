"""Load-time checks of a whole rule pack: names, dry runs, result types, templates, references.

A pack that passes here cannot fail at screening time for a reason the pack author could have
seen: every expression has been compiled, checked against the view's names and run against
sample intakes that exercise every event type, and every placeholder is one the engine fills.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from string import Template
from typing import Any

import cel

from clinic_app.domain import MAY_APPLY
from clinic_app.errors import RulePackError
from clinic_app.screening.expressions import FUNCTIONS, check_names, fail, run
from clinic_app.screening.model import Expr, RulePack, Text, Where
from clinic_app.screening.texts import FACT_KEYS, GLOBAL_KEYS
from clinic_app.screening.view import build_view

_ENTRY = {"type": "entry", "border": "southern_land", "place": "port", "port": "X",
          "documents": "none", "cbp_one_appointment": True, "apprehended": True,
          "accompanied_by": "other_adult", "designated_uac": True,
          "processing": ["nta", "parole", "mpp_return", "proclamation_212f_removal"]}
_RICH: dict[str, Any] = {
    "format": "clinic-intake/1", "intake_date": "2025-06-01",
    "client": {"given_names": "A", "family_names": "B", "date_of_birth": "2008",
               "nationalities": ["GT", "MX"]},
    "household": [{"relationship": "child", "given_names": "C", "travelled_with_client": True}],
    "transit_countries": ["MX"], "applied_for_protection_in_transit_country": True,
    "represented_by": "Immigrant Defenders Law Center", "fears_harm_in_mexico": True,
    "confidentiality_risks": ["home_government_contact", "media", "school_or_employer_request",
                              "interpreter_conflict", "other"],
    "events": [
        {"type": "turned_back", "date": "2019-07", "port": "X", "waitlisted": True,
         "evidence": "slip", "approximate": True},
        _ENTRY | {"date": "2019-07-16", "time": "21:00", "timezone": "America/Los_Angeles"},
        _ENTRY | {"date": "2024-12-26", "date_to": "2025-01-31", "approximate": True},
        {"type": "mpp_return", "date": "2025-01-20", "city": "Tijuana", "court": "San Diego"},
        {"type": "cbp_one_appointment", "date": "2025-01-20", "port": "X", "status": "cancelled"},
        {"type": "parole", "date": "2025-02", "program": "cbp_one", "until": "2027-02-01",
         "termination_notice_date": "2025-04-11"},
        {"type": "decision", "date": "2025-03", "stage": "immigration_judge", "outcome": "denied",
         "grounds": ["transit_bar_2019", "clp_2023", "stb_2024", "proclamation_10888"],
         "final": True},
        {"type": "departure", "date": "2025-04", "kind": "removed"},
        {"type": "asylum_filed", "date": "2019-08", "where": "immigration_court", "how": "lodged"},
        {"type": "hearing", "date": "2025-09-01", "court": "X"},
        {"type": "changed_circumstances", "date": "2024", "description": "x"},
    ],
}
_CHILD = _RICH | {"client": {"date_of_birth": "2015-02", "nationalities": ["HN"]},
                  "transit_countries": [], "represented_by": None,
                  "events": [e | {"designated_uac": False, "cbp_one_appointment": False,
                                  "documents": "travel_authorization", "place": "between_ports",
                                  "termination_notice_date": None, "final": False}
                             for e in _RICH["events"]]}
SAMPLES: tuple[dict[str, Any], ...] = (
    _RICH, _CHILD, {"format": "clinic-intake/1"},
    {"format": "clinic-intake/1", "transit_countries": [], "events": [
        {"type": "entry", "date": "2023-05-11", "border": "air"},
        {"type": "asylum_filed", "date": "2024-06", "how": "filed"}]},
)
_AS_OF = date(2025, 6, 1)


def _contexts(pack: RulePack) -> list[Any]:
    bounds = [b.day for b in pack.boundaries]
    out = []
    for facts in SAMPLES:
        variables = build_view(facts, _AS_OF, bounds).variables
        out.append(cel.Context(variables=variables, functions=FUNCTIONS))
    return out


def _is_paths(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_expr(role: str, expr: Expr, contexts: Iterable[Any]) -> None:
    check_names(expr)
    for ctx in contexts:
        value = run(expr, ctx)
        ok = (isinstance(value, bool) if role == "when"
              else _is_paths(value) or (role == "warning" and isinstance(value, bool)))
        if not ok:
            wanted = "true/false" if role == "when" else "a list of fact paths"
            raise fail(expr, 0, f"a {role} expression must return {wanted}, "
                                f"not {type(value).__name__}")


def _check_text(text: Text | None, allowed: frozenset[str], what: str) -> None:
    if text is None:
        return
    for body, where in ((text.en, text.where), (text.es, text.where_es or text.where)):
        pos = where or Where("", 0, 0)
        tpl = Template(body)
        if not tpl.is_valid():
            raise RulePackError(f"{what}: malformed placeholder (use ${{name}}; write $$ for $)",
                                file=pos.file, line=pos.line, column=pos.column)
        unknown = sorted(set(tpl.get_identifiers()) - allowed)
        if unknown:
            raise RulePackError(f"{what}: unknown placeholder ${{{unknown[0]}}} "
                                f"(see docs/rules.md for the names)",
                                file=pos.file, line=pos.line, column=pos.column)


def _where_of(pack: RulePack) -> Where:
    return pack.preamble.where or Where(pack.source, 1, 1)


def validate_pack(pack: RulePack) -> None:
    """Raise RulePackError (file:line:column) for the first problem found in `pack`."""
    if MAY_APPLY not in pack.preamble.en.lower():
        w = _where_of(pack)
        raise RulePackError(f"the English preamble must contain '{MAY_APPLY}'",
                            file=w.file, line=w.line, column=w.column)
    ids = [f.id for f in pack.flags]
    for b in pack.boundaries:
        missing = [g for g in b.governs if g not in ids]
        if missing:
            w = b.what.where or _where_of(pack)
            raise RulePackError(f"boundary {b.day} governs unknown flag {missing[0]}",
                                file=w.file, line=w.line, column=w.column)
    for rule in pack.flags:
        for part in rule.reason:
            if part.with_flag and part.with_flag not in ids:
                w = part.text.where or _where_of(pack)
                raise RulePackError(f"{rule.id}: with_flag names unknown flag {part.with_flag}",
                                    file=w.file, line=w.line, column=w.column)
    contexts = _contexts(pack)
    for role, expr in pack.expressions():
        _check_expr(role, expr, contexts)
    per_fact = FACT_KEYS | GLOBAL_KEYS
    for f in pack.flags:
        _check_text(f.title, frozenset(), f"{f.id} title")
        for t in f.triggers:
            _check_text(t.says, per_fact, f"{f.id} trigger text")
        for p in f.reason:
            _check_text(p.text, per_fact if p.each else GLOBAL_KEYS, f"{f.id} reason text")
    for warning in pack.warnings:
        _check_text(warning.text, per_fact, "warning text")
    _check_text(pack.preamble, frozenset(), "preamble")
