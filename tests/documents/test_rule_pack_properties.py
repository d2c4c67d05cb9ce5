"""Properties of the loader: a corrupted pack loads or is refused with RulePackError (never another
exception), and a pack broken on purpose is always refused with a position."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.errors import RulePackError
from clinic_app.screening.model import RulePack
from forms.rule_pack_loader import default_pack_path, parse_rule_pack

TEXT = default_pack_path().read_text(encoding="utf-8")
LINES = TEXT.split("\n")
SIGNIFICANT = [*":-[]{}#&*!|>'\"%@`\t\n ()=<.,$\\", "&&", "||", "${", "\u2028", "\x00"]
PLAIN_EXPR = [i for i, line in enumerate(LINES)
              if re.match(r"^\s+(- )?(when|each): (?![|>'\"])\S", line)]
FLAG_STARTS = [i for i, line in enumerate(LINES) if line.startswith("  - id: ")]
LEVELS = [i for i, line in enumerate(LINES) if re.match(r"^\s+- level: ", line)]
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(text: str) -> RulePack | RulePackError:
    try:
        return parse_rule_pack(text, "pack.yaml")
    except RulePackError as exc:
        return exc


@st.composite
def corrupted(draw: st.DrawFn) -> str:
    text = TEXT
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "swap_lines", "drop_line"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(SIGNIFICANT) | st.text(max_size=4)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if action == "drop_line":
                del lines[i]
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@SLOW
@given(corrupted())
def test_random_corruption_never_escapes_as_another_exception(text: str) -> None:
    outcome = load(text)
    assert isinstance(outcome, RulePack | RulePackError)
    if isinstance(outcome, RulePackError):
        assert outcome.file == "pack.yaml" and str(outcome).startswith("pack.yaml")


@st.composite
def broken(draw: st.DrawFn) -> tuple[str, int]:
    """A pack with one certain fault, and the 1-based line where it was made."""
    lines = list(LINES)
    kind = draw(st.sampled_from(["cel_syntax", "cel_unknown", "unknown_key", "bad_level",
                                 "missing_policy"]))
    if kind in ("cel_syntax", "cel_unknown"):
        i = draw(st.sampled_from(PLAIN_EXPR))
        key, expr = lines[i].split(": ", 1)
        if kind == "cel_syntax":
            lines[i] = f"{key}: {expr} &&"
        else:
            lines[i] = f"{key}: no_such_name_{draw(st.integers(0, 99))} || {expr}"
    elif kind == "unknown_key":
        i = draw(st.sampled_from(FLAG_STARTS))
        lines.insert(i + 1, f"    {draw(st.sampled_from(['colour', 'note', 'levels']))}: x")
        i += 1
    elif kind == "bad_level":
        i = draw(st.sampled_from(LEVELS))
        level = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
                     .filter(lambda s: s not in ("urgent", "review", "check")))
        lines[i] = re.sub(r"level: \w+", f"level: {level}", lines[i])
    else:
        i = draw(st.sampled_from(FLAG_STARTS))
        policy = next(n for n in range(i, len(lines)) if lines[n].startswith("    policy: "))
        del lines[policy]
    return "\n".join(lines), i + 1


@SLOW
@given(broken())
def test_broken_pack_is_always_refused_with_its_position(case: tuple[str, int]) -> None:
    text, line = case
    outcome = load(text)
    assert isinstance(outcome, RulePackError)
    assert outcome.line == line and outcome.column is not None
