"""Fixtures for the store tests: a fresh SQLite store in a temporary folder, scenario documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from clinic_app.domain import Flag, FlagLevel, IntakeDocument, RulePackInfo, ScreeningResult
from db.engine import Store, open_store
from db.migrate import ensure_schema

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"


def scenario_paths() -> list[Path]:
    return sorted(SCENARIOS.glob("s*.json"))


def load_document(path: Path) -> IntakeDocument:
    return IntakeDocument(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(data_dir=tmp_path / "data") as opened:
        ensure_schema(opened)
        yield opened


@pytest.fixture
def scenario() -> Callable[[str], IntakeDocument]:
    """scenario("s16") -> that scenario's document."""
    def load(prefix: str) -> IntakeDocument:
        (path,) = SCENARIOS.glob(f"{prefix}-*.json")
        return load_document(path)
    return load


@pytest.fixture
def screening() -> ScreeningResult:
    pack = RulePackInfo(id="us-border-asylum", version="2026.06.25", reviewed="2026-07-01",
                        sources_as_of="2026-06-25")
    flags = (
        Flag(id="ONE-YEAR", title="One-year filing deadline", policy="Asylum one-year deadline",
             level=FlagLevel.URGENT, reason="Entered 2025-03-05; deadline 2026-03-05.",
             facts=("events[1]",), sources=("8 USC 1158(a)(2)(B)",)),
        Flag(id="CBP1-ENTRY", title="CBP One entry", policy="Former CBP One pathway",
             level=FlagLevel.REVIEW, reason="Entered at San Ysidro with an appointment.",
             facts=("events[2]", "events[3]"), sources=()),
        Flag(id="DATE-UNCERTAIN", title="Uncertain date", policy="Dates",
             level=FlagLevel.CHECK, reason="The entry date spans 2025-01-20.", facts=(),
             sources=("flags.md 2.2",)),
    )
    return ScreeningResult(as_of=date(2026, 7, 1), rule_pack=pack, flags=flags,
                           not_applicable=("PROC-10888", "MPP"), warnings=("no date of birth",))
