"""Screening speed: one intake at a time, and a 100,000-intake re-screen across all cores.

Run `python benchmarks/bench_screening.py [--count N] [--processes P]`. Intakes for the batch are
the scenario fixtures varied deterministically (dates shifted, nationality and a few booleans
changed), generated inside each worker so that only screening is timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic_app.dates import Precision, parse_partial_date  # noqa: E402
from clinic_app.domain import IntakeDocument  # noqa: E402
from clinic_app.screening.engine import ScreeningEngine  # noqa: E402
from forms.rule_pack_loader import default_pack_path, load_rule_pack  # noqa: E402

SCENARIOS = ROOT / "tests" / "fixtures" / "domain" / "scenarios"
AS_OF = date(2026, 7, 1)
_ENGINE: ScreeningEngine | None = None


def scenarios() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCENARIOS.glob("s*.json"))]


def _shift(text: str, days: int) -> str:
    parsed = parse_partial_date(text)
    moved = parsed.first + timedelta(days=days)
    if parsed.precision is Precision.DAY:
        return moved.isoformat()
    return moved.strftime("%Y-%m") if parsed.precision is Precision.MONTH else f"{moved.year}"


def variant(base: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """A plausible different intake: same shape, other dates and a few other answers."""
    facts: dict[str, Any] = json.loads(json.dumps(base))
    days = rnd.randint(-500, 500)
    for event in facts.get("events", []):
        for key in ("date", "date_to", "until"):
            if isinstance(event.get(key), str):
                event[key] = _shift(event[key], days)
        if event.get("type") == "entry" and rnd.random() < 0.2:
            event["cbp_one_appointment"] = not event.get("cbp_one_appointment", False)
    client = facts.setdefault("client", {})
    if rnd.random() < 0.1:
        client["nationalities"] = ["MX"]
    if rnd.random() < 0.2:
        facts["transit_countries"] = []
    if isinstance(client.get("date_of_birth"), str):
        client["date_of_birth"] = _shift(client["date_of_birth"], rnd.randint(-3000, 3000))
    return facts


def _init() -> None:
    global _ENGINE
    _ENGINE = ScreeningEngine(load_rule_pack(default_pack_path()))


def _work(job: tuple[int, int]) -> tuple[float, float, int, int]:
    """Screen `count` generated intakes: (wall s, CPU s, intakes, flags raised)."""
    seed, count = job
    assert _ENGINE is not None
    rnd = random.Random(seed)
    bases = scenarios()
    docs = [IntakeDocument(variant(bases[i % len(bases)], rnd)) for i in range(count)]
    # The generated intakes stand in for rows streamed from the store: keep the collector from
    # re-scanning them on every full collection, as it would never have to with a stream.
    gc.freeze()
    start, cpu = time.perf_counter(), time.process_time()
    flags = sum(len(_ENGINE.screen(doc, as_of=AS_OF).flags) for doc in docs)
    return time.perf_counter() - start, time.process_time() - cpu, count, flags


def one_intake(engine: ScreeningEngine, repeat: int) -> None:
    print(f"One intake at a time (median CPU time of {repeat} runs, as of {AS_OF}):")
    per: list[float] = []
    for name, facts in zip(sorted(p.name for p in SCENARIOS.glob("s*.json")), scenarios(),
                           strict=True):
        doc = IntakeDocument(facts)
        runs = []
        for _ in range(repeat):
            start = time.process_time()
            result = engine.screen(doc, as_of=AS_OF)
            runs.append(time.process_time() - start)
        per.append(statistics.median(runs))
        print(f"  {name:28s} {per[-1] * 1e6:8.1f} us  {len(result.flags):2d} flags, "
              f"{len(facts.get('events', []))} events")
    print(f"  mean over scenarios          {statistics.mean(per) * 1e6:8.1f} us")


def batch(count: int, processes: int) -> None:
    chunks = [(seed, count // processes + (1 if seed < count % processes else 0))
              for seed in range(processes)]
    start = time.perf_counter()
    with Pool(processes, initializer=_init) as pool:
        results = pool.map(_work, chunks)
    wall = time.perf_counter() - start
    screening = max(r[0] for r in results)
    cpu = sum(r[1] for r in results)
    total = sum(r[2] for r in results)
    flags = sum(r[3] for r in results)
    print(f"Batch of {total:,} generated intakes on {processes} processes:")
    print(f"  screening time (slowest worker)  {screening:7.2f} s")
    print(f"  CPU per intake (one core)        {cpu / total * 1e6:7.1f} us")
    print(f"  projected on {processes} idle cores        {cpu / processes:7.2f} s")
    print(f"  wall incl. start-up + generation {wall:7.2f} s")
    print(f"  flags raised                     {flags:,} ({flags / total:.2f} per intake)")


def calibration() -> float:
    """Microseconds for a fixed pure-Python loop, to compare numbers across machines."""
    start = time.perf_counter()
    for _ in range(20_000):
        sum(range(100))
    return (time.perf_counter() - start) / 20_000 * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"Python calibration: sum(range(100)) takes {calibration():.2f} us on this machine")
    start = time.perf_counter()
    engine = ScreeningEngine(load_rule_pack(default_pack_path()))
    print(f"Rule pack load + compile + dry-run: {(time.perf_counter() - start) * 1e3:.0f} ms")
    one_intake(engine, args.repeat)
    batch(args.count, args.processes)


if __name__ == "__main__":
    main()
