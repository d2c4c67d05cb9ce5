"""Valid intakes varied from the scenario fixtures (dates shifted, nationality, events), so that
re-screen tests meet many flag combinations, boundary days and partial intake dates."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from clinic_app.dates import Precision, parse_partial_date
from clinic_app.intake_format import validate_facts

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"


def scenarios() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCENARIOS.glob("s*.json"))]


def _shift(text: str, days: int) -> str:
    parsed = parse_partial_date(text)
    moved = parsed.first + timedelta(days=days)
    if parsed.precision is Precision.DAY:
        return moved.isoformat()
    return moved.strftime("%Y-%m") if parsed.precision is Precision.MONTH else f"{moved.year}"


def variant(base: dict[str, Any], rnd: random.Random, n: int) -> dict[str, Any]:
    facts: dict[str, Any] = json.loads(json.dumps(base))
    days = rnd.choice([rnd.randint(-700, 400), 0])
    events = facts.get("events", [])
    for event in events:
        for key in ("date", "date_to", "until", "termination_notice_date"):
            if isinstance(event.get(key), str):
                event[key] = _shift(event[key], days)
        if event.get("type") == "entry" and rnd.random() < 0.2:
            event["cbp_one_appointment"] = not event.get("cbp_one_appointment", False)
    if len(events) > 1 and rnd.random() < 0.25:
        drop = rnd.randrange(len(events))
        if events[drop].get("type") != "entry":
            del events[drop]
    client = facts.setdefault("client", {})
    if rnd.random() < 0.2:
        client["nationalities"] = [rnd.choice(["MX", "HN", "CU", "TR"])]
    if rnd.random() < 0.2:
        facts["transit_countries"] = []
    client["given_names"] = f"{client.get('given_names', 'Client')} {n}"
    if rnd.random() < 0.15:
        facts["intake_date"] = facts.get("intake_date", "2026-07-01")[:7]   # screened as of today
    assert not validate_facts(facts), validate_facts(facts)
    return facts


def intakes(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """The scenarios, then `count` variants of them."""
    rnd = random.Random(seed)
    bases = scenarios()
    return bases + [variant(bases[i % len(bases)], rnd, i) for i in range(count)]
