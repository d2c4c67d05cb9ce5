"""Re-screening a store of 100,000 intakes: first screening, same pack, a one-flag pack change.

Run `python benchmarks/bench_rescreen.py [--count N] [--workers W] [--keep DIR]`. It builds an
encrypted store (SQLCipher, as the app makes) holding N intakes generated from the scenario
fixtures (dates shifted, nationalities swapped, events dropped or added; every one validates as
clinic-intake/1), inserted with executemany, then times through `ScreeningService.rescreen`:

  0. the first screening of every intake (all in full, flags written);
  1. a re-screen with the same pack (the incremental path: nothing to evaluate);
  2. a re-screen after a one-flag pack change (STB-2024's window narrowed): dry run, then stored;
  3. a forced full re-screen (`--full`: every flag of every intake, for comparison);
  4. screening one intake (the engine alone, median of the scenarios).

Wall times are what a user waits; CPU times add the parent and the workers (their user + system
time). On a machine shared with other jobs the wall time grows while the CPU time stays put: the
table prints the load average before and after. The store is deleted at the end unless it is
built in `--keep DIR`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from clinic_app.dates import Precision, parse_partial_date  # noqa: E402
from clinic_app.domain import IntakeDocument, Role  # noqa: E402
from clinic_app.intake_format import validate_facts  # noqa: E402
from clinic_app.screening.engine import ScreeningEngine  # noqa: E402
from clinic_app.security import Actor  # noqa: E402
from clinic_app.services.screening import RescreenReport, ScreeningService  # noqa: E402
from db import keyring  # noqa: E402
from db.derived import (  # noqa: E402
    facts_json,
    identity_columns,
    intake_day,
    last_arrival,
    name_key,
    primary_nationality,
)
from db.engine import Store, open_store  # noqa: E402
from db.migrate import ensure_schema  # noqa: E402
from db.records import ClientRecord, IntakeRecord  # noqa: E402
from db.screening_store import SqlScreeningStore  # noqa: E402
from db.users import SqlUserRepository  # noqa: E402
from forms.rule_pack_loader import default_pack_path, parse_rule_pack  # noqa: E402

SCENARIOS = ROOT / "tests" / "fixtures" / "domain" / "scenarios"
NATIONALITIES = ["HN", "GT", "SV", "NI", "VE", "CU", "HT", "CO", "EC", "MX", "TR", "CN", "RU"]
# The one-flag change of step 2: STB-2024's entry window narrowed to 2024-06-05 .. 2025-01-31.
STB_WINDOW = 'dates[e].first <= d("2025-05-31") && dates[e].last >= d("2024-06-05"))\n' \
             '        says:\n          en: "Entered ${where}'
STB_NARROW = 'dates[e].first <= d("2025-01-31") && dates[e].last >= d("2024-06-05"))\n' \
             '        says:\n          en: "Entered ${where}'


def scenarios() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCENARIOS.glob("s*.json"))]


def _shift(text: str, days: int) -> str:
    parsed = parse_partial_date(text)
    moved = parsed.first + timedelta(days=days)
    if parsed.precision is Precision.DAY:
        return moved.isoformat()
    return moved.strftime("%Y-%m") if parsed.precision is Precision.MONTH else f"{moved.year}"


def variant(base: dict[str, Any], rnd: random.Random, n: int) -> dict[str, Any]:
    """Another plausible intake from a scenario: other dates, nationality, answers, events."""
    facts: dict[str, Any] = json.loads(json.dumps(base))
    days = rnd.randint(-700, 500)
    events = facts.get("events", [])
    for event in events:
        for key in ("date", "date_to", "until", "termination_notice_date"):
            if isinstance(event.get(key), str):
                event[key] = _shift(event[key], days)
        if event.get("type") == "entry" and rnd.random() < 0.2:
            event["cbp_one_appointment"] = not event.get("cbp_one_appointment", False)
    if len(events) > 1 and rnd.random() < 0.25:   # drop an event that is not the only entry
        drop = rnd.randrange(len(events))
        if events[drop].get("type") != "entry" or sum(e["type"] == "entry" for e in events) > 1:
            del events[drop]
    if rnd.random() < 0.25:   # add a hearing or a changed circumstance
        when = (date(2023, 1, 1) + timedelta(days=rnd.randint(0, 1400))).isoformat()
        events.append({"type": "hearing", "date": when, "court": "San Diego"} if rnd.random() < .6
                      else {"type": "changed_circumstances", "date": when,
                            "description": "threats to family"})
    client = facts.setdefault("client", {})
    if rnd.random() < 0.3:
        client["nationalities"] = [rnd.choice(NATIONALITIES)]
    if rnd.random() < 0.2:
        facts["transit_countries"] = []
    if isinstance(client.get("date_of_birth"), str):
        client["date_of_birth"] = _shift(client["date_of_birth"], rnd.randint(-3000, 3000))
    client["given_names"] = f"{client.get('given_names', 'Client')} {n}"
    if "intake_date" in facts and rnd.random() < 0.5:
        facts["intake_date"] = _shift(facts["intake_date"], rnd.randint(-400, 0))
    return facts


def build_store(path: Path, count: int, seed: int = 7) -> tuple[Store, str, int]:
    """An encrypted store holding `count` generated clients with one complete intake each."""
    store = open_store(path=path, key=keyring.raw_key(keyring.new_database_key()))
    ensure_schema(store)
    with store.uow() as uow:
        user_id = SqlUserRepository(uow.session).add("bench", "Benchmark", Role.ADMIN)
    rnd = random.Random(seed)
    bases = scenarios()
    refused = 0
    clients: list[dict[str, Any]] = []
    intakes: list[dict[str, Any]] = []
    now = datetime.now(UTC)
    n = 0
    while len(intakes) < count:
        facts = variant(bases[n % len(bases)], rnd, n)
        n += 1
        if validate_facts(facts):
            refused += 1
            continue
        doc = IntakeDocument(facts)
        client_id, intake_id = str(uuid.uuid4()), str(uuid.uuid4())
        ident = {"given_names": "", "family_names": "", "date_of_birth": None,
                 "nationalities": [], "a_number": None, **identity_columns(doc)}
        clients.append({**ident, "id": client_id, "created_at": now, "updated_at": now,
                        "version_id": 1,
                        "name_key": name_key(ident["given_names"], ident["family_names"])})
        arrival = last_arrival(doc.events)
        intakes.append({"id": intake_id, "client_id": client_id, "ordinal": 1,
                        "format": "clinic-intake/1", "status": "complete",
                        "checklist_version": None, "facts": facts_json(facts),
                        "intake_date": intake_day(doc),
                        "last_entry_lo": arrival.days.lo if arrival else None,
                        "last_entry_text": arrival.text if arrival else None,
                        "primary_nationality": primary_nationality(doc), "created_at": now,
                        "updated_at": now, "version_id": 1})
    with store.engine.begin() as conn:
        for start in range(0, count, 5000):
            conn.execute(insert(ClientRecord), clients[start:start + 5000])
            conn.execute(insert(IntakeRecord), intakes[start:start + 5000])
    return store, user_id, refused


def timed(step: Callable[[], RescreenReport]) -> tuple[RescreenReport, float, float]:
    """(report, wall s, CPU s of this process and its finished children)."""
    before = _cpu()
    start = time.perf_counter()
    report = step()
    return report, time.perf_counter() - start, _cpu() - before


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def machine() -> str:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({model}), {mem} RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average {load}")


def one_intake(engine: ScreeningEngine, repeat: int) -> float:
    per = []
    for facts in scenarios():
        doc = IntakeDocument(facts)
        runs = []
        for _ in range(repeat):
            start = time.process_time()
            engine.screen(doc)
            runs.append(time.process_time() - start)
        per.append(statistics.median(runs))
    return statistics.mean(per)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument("--skip-full", action="store_true", help="skip step 3 (slow)")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-rescreen-"))
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    store, user_id, refused = build_store(folder / "clinic.db", args.count)
    size = (folder / "clinic.db").stat().st_size / 1e6
    print(f"Store: {args.count:,} generated intakes ({refused} invalid variants regenerated), "
          f"built in {time.perf_counter() - start:.1f} s, {size:.0f} MB encrypted")
    text = default_pack_path().read_text(encoding="utf-8")
    narrowed = text.replace(STB_WINDOW, STB_NARROW, 1).replace(
        'version: "2026.06.25"', 'version: "2026.06.26"', 1)
    assert narrowed != text, "the STB-2024 window was not found in the pack"
    actor = Actor(user_id, "bench", Role.ADMIN)
    screening_store = SqlScreeningStore(store.sessions, location=store.location, user_id=user_id)

    def service(pack_text: str, name: str) -> ScreeningService:
        engine = ScreeningEngine(parse_rule_pack(pack_text, name))
        return ScreeningService(screening_store, engine, actor=actor, compile_pack=parse_rule_pack,
                                pack_text=(pack_text, name), workers=args.workers)

    bundled, changed = service(text, "us-border-asylum.yaml"), service(narrowed, "narrowed.yaml")
    gc.collect()
    rows = []
    steps: list[tuple[str, Callable[[], RescreenReport]]] = [
        ("0. first screening (all in full)", lambda: bundled.rescreen()),
        ("1. re-screen, same pack", lambda: bundled.rescreen()),
        ("2a. one-flag change, dry run", lambda: changed.rescreen(dry_run=True)),
        ("2b. one-flag change, stored", lambda: changed.rescreen()),
        ("2c. again, same pack (no-op)", lambda: changed.rescreen()),
    ]
    if not args.skip_full:
        steps.append(("3. forced full re-screen", lambda: changed.rescreen(full=True)))
    for label, step in steps:
        report, wall, cpu = timed(step)
        rows.append((label, wall, cpu, report))
        phases = ", ".join(f"{k} {v:.2f}" for k, v in report.timings)
        print(f"  {label:34s} {wall:7.2f} s wall {cpu:7.2f} s CPU  "
              f"evaluated {report.evaluated:>7,} (full {report.full:>7,})  "
              f"changed {len(report.changes):>6,}  workers {report.workers}  [{phases}]",
              flush=True)
    engine = ScreeningEngine(parse_rule_pack(text, "us-border-asylum.yaml"))
    one = one_intake(engine, 50)
    print()
    print(f"| step ({args.count:,} intakes, {args.workers} workers) | wall s | CPU s "
          f"| evaluated | in full | changed | parent wall s per phase |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, wall, cpu, report in rows:
        phases = ", ".join(f"{k} {v:.1f}" for k, v in report.timings)
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {report.evaluated:,} | {report.full:,} "
              f"| {len(report.changes):,} | {phases} |")
    print(f"| 4. screen one intake (engine, mean of scenario medians) | {one * 1e3:.2f} ms | | "
          "| | | |")
    print(f"\nMachine: {machine()}")
    store.close()
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
