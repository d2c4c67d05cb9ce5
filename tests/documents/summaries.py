"""IntakeSummary DTOs for the scenario clients, screened by the real engine (no store)."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clinic_app.deadlines import compute_deadlines, within
from clinic_app.documents import IntakeSummary
from clinic_app.domain import IntakeDocument
from clinic_app.intake_format import load_intake_file
from clinic_app.screening.engine import ScreeningEngine
from forms.rule_pack_loader import default_pack_path, load_rule_pack

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
GENERATED_AT = datetime(2026, 7, 1, 18, 30, tzinfo=UTC)


@functools.cache
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def scenario_paths() -> list[Path]:
    return sorted(SCENARIOS.glob("s*.json"))


def scenario(prefix: str) -> Path:
    (path,) = SCENARIOS.glob(f"{prefix}-*.json")
    return path


def summary_of(document: IntakeDocument, *, lang: str = "en", client_id: str = "c0ffee00-1",
               **changes: Any) -> IntakeSummary:
    result = engine().screen(document, lang=lang)
    deadlines = within(compute_deadlines(document.facts), GENERATED_AT.date(), None)
    built = IntakeSummary(
        client_id=client_id, intake_id="intake-1", document=document, screening=result,
        clinic_name="Clínica Frontera", generated_at=GENERATED_AT,
        generated_by="Ana Pérez (paralegal)", lang=lang, reviews=(),
        deadlines=tuple(deadlines))
    return replace(built, **changes) if changes else built


def summary_for(prefix: str, **kwargs: Any) -> IntakeSummary:
    return summary_of(load_intake_file(scenario(prefix)), **kwargs)


def with_client(document: IntakeDocument, **client: Any) -> IntakeDocument:
    """The same facts with some client fields replaced (a Cyrillic name, another language)."""
    facts = json.loads(json.dumps(dict(document.facts)))
    facts["client"].update(client)
    return IntakeDocument(facts)
