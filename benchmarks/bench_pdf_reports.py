"""PDF summaries and manager reports at clinic scale; prints a table against the targets.

    python benchmarks/bench_pdf_reports.py [--summaries 1000] [--intakes 100000] [--keep DIR]

* one summary: the longest scenario (s01, 6 pages) and the mean of all 12, rendered warm
  (fonts, checklist and rule pack loaded once per process, as in the app), plus the cold first;
* N summaries: `DocumentService.save_all` over a store of N clients (the 12 scenarios with
  other names, bulk-inserted with their screened flags): store reads, PDF, file, audit row each;
* caseload report over 100,000 intakes (bulk-inserted with executemany: realistic flag ids,
  levels, policies, dates, nationalities, birth dates, and reviews on a tenth of them) as CSV and
  as PDF with charts, through `ReportService.render` (the SQL GROUP BY queries included).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic_app.documents import DocumentCopy, IntakeSummary  # noqa: E402
from clinic_app.domain import IntakeDocument, Role, ScreeningResult  # noqa: E402
from clinic_app.intake_format import load_intake_file  # noqa: E402
from clinic_app.reports import ReportFormat, ReportKind, ReportRequest  # noqa: E402
from clinic_app.screening.engine import ScreeningEngine  # noqa: E402
from clinic_app.security import Actor  # noqa: E402
from clinic_app.services.documents import DocumentService  # noqa: E402
from clinic_app.services.reports import ReportService  # noqa: E402
from db import search_index  # noqa: E402
from db.engine import Store, open_store  # noqa: E402
from db.migrate import ensure_schema  # noqa: E402
from db.records import ClientRecord, FlagRecord, IntakeRecord, ReviewRecord  # noqa: E402
from db.reports import SqlReportSource  # noqa: E402
from forms.exports import ReportFiles  # noqa: E402
from forms.pdf import PdfDocuments  # noqa: E402
from forms.rule_pack_loader import default_pack_path, load_rule_pack  # noqa: E402

SCENARIOS = ROOT / "tests" / "fixtures" / "domain" / "scenarios"
NOW = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
NATIONALITIES = ("HN",) * 8 + ("GT",) * 7 + ("SV",) * 4 + ("MX",) * 3 + (
    "VE", "VE", "CU", "NI", "HT", "CO", "EC", "TR", "RU", "CN", "MR", "CM", "BY", "IN")
NAMES = ("María José", "Luis Alberto", "Ana Lucía", "Pavel", "Павел", "Mehmet", "Tenzin",
         "Jean-Baptiste", "Kʼiche Tzul", "Sofía")
FAMILIES = ("González Pérez", "Morán Xicará", "Drozd", "Дрозд", "Yılmaz", "Dorje", "Saint-Fleur",
            "Rosales Ferrera", "Ixcot Batz")
TARGETS = {"one summary": 0.150, "summaries": 60.0, "caseload csv": 3.0, "caseload pdf": 10.0}


@functools.cache
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def scenario_screenings() -> list[tuple[IntakeDocument, ScreeningResult]]:
    out = []
    for path in sorted(SCENARIOS.glob("s*.json")):
        document = load_intake_file(path)
        out.append((document, engine().screen(document)))
    return out


def summary_of(document: IntakeDocument, result: ScreeningResult) -> IntakeSummary:
    return IntakeSummary(client_id=str(uuid.uuid4()), intake_id="i", document=document,
                         screening=result, clinic_name="Clínica Frontera", generated_at=NOW,
                         generated_by="Benchmark (manager)", reviews=())


Row = tuple[str, float, float, float | None]  # measure, wall s, CPU s, target s


def measure(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, float]:
    """Median wall and process-CPU seconds of `repeat` runs of fn() (on a busy machine the wall
    time exceeds the CPU time: the difference is waiting for a core)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


@contextmanager
def new_store(keep: Path | None, name: str) -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as scratch:
        folder = (keep / name) if keep else Path(scratch)
        with open_store(data_dir=folder) as store:
            ensure_schema(store)
            yield store


def manager(store: Store) -> tuple[Actor, Callable[[], Any]]:
    with store.uow() as uow:
        user_id = uow.users.add("bench", "Benchmark", Role.MANAGER)
    return (Actor(user_id, "bench", Role.MANAGER, "Benchmark"),
            functools.partial(store.uow, user_id=user_id))


def _rows(n: int, rnd: random.Random, documents: Sequence[tuple[IntakeDocument, ScreeningResult]],
          *, real_facts: bool) -> tuple[list[dict[str, Any]], ...]:
    clients, intakes, flags, reviews = [], [], [], []
    for i in range(n):
        document, result = documents[i % len(documents)]
        client_id, intake_id = str(uuid.UUID(int=rnd.getrandbits(128))), str(uuid.uuid4())
        given, family = rnd.choice(NAMES), rnd.choice(FAMILIES)
        day = date(2023, 7, 1) + timedelta(days=rnd.randrange(3 * 365))
        born = date(1960, 1, 1) + timedelta(days=rnd.randrange(60 * 365))
        nationality = rnd.choice(NATIONALITIES)
        facts: dict[str, Any] = json.loads(json.dumps(dict(document.facts)))
        facts["client"].update(given_names=given, family_names=family)
        changed = NOW - timedelta(minutes=n - i)
        clients.append({"id": client_id, "given_names": given, "family_names": family,
                        "name_key": f"{given} {family}".casefold(),
                        "date_of_birth": born.isoformat(), "nationalities": [nationality],
                        "a_number": f"A{rnd.randrange(10**8, 10**9):09d}",
                        "created_at": changed, "updated_at": changed, "version_id": 1})
        intakes.append({
            "id": intake_id, "client_id": client_id, "ordinal": 1, "format": "clinic-intake/1",
            "status": "complete", "version_id": 1, "created_at": changed, "updated_at": changed,
            "facts": json.dumps(facts if real_facts else {"client": facts["client"]},
                                ensure_ascii=False),
            "intake_date": day, "primary_nationality": nationality,
            "screened_as_of": result.as_of, "rule_pack_id": result.rule_pack.id,
            "rule_pack_version": result.rule_pack.version,
            "rule_pack_reviewed": result.rule_pack.reviewed,
            "rule_pack_sources_as_of": result.rule_pack.sources_as_of,
            "not_applicable": list(result.not_applicable),
            "screening_warnings": list(result.warnings)})
        for position, f in enumerate(result.flags):
            flags.append({"intake_id": intake_id, "position": position, "flag_id": f.id,
                          "level": f.level.value, "policy": f.policy, "title": f.title,
                          "reason": f.reason, "facts": list(f.facts), "sources": list(f.sources),
                          "rule_pack_id": result.rule_pack.id,
                          "rule_pack_version": result.rule_pack.version, "as_of": result.as_of})
        if result.flags and rnd.random() < 0.1:
            reviews.append({"intake_id": intake_id, "flag_id": result.flags[0].id,
                            "disposition": "confirmed", "note": "", "created_at": changed})
    return clients, intakes, flags, reviews


def fill(store: Store, n: int, actor: Actor, *, real_facts: bool, seed: int = 6) -> float:
    """`n` clients, one intake each, with the scenarios' screened flags; returns seconds."""
    start = time.perf_counter()
    clients, intakes, flags, reviews = _rows(n, random.Random(seed), scenario_screenings(),
                                             real_facts=real_facts)
    for review in reviews:
        review["user_id"] = actor.user_id
    with store.engine.begin() as conn, search_index.bulk_load(conn):
        conn.execute(insert(ClientRecord), clients)
        conn.execute(insert(IntakeRecord), intakes)
        conn.execute(insert(FlagRecord), flags)
        if reviews:
            conn.execute(insert(ReviewRecord), reviews)
    return time.perf_counter() - start


def bench_one_summary() -> list[Row]:
    renderer = PdfDocuments()
    summaries = [summary_of(d, r) for d, r in scenario_screenings()]
    cold = measure(lambda: renderer.intake_summary(summaries[0]))
    longest = measure(lambda: renderer.intake_summary(summaries[0]), repeat=7)
    every = measure(lambda: [renderer.intake_summary(s) for s in summaries], repeat=3)
    copies = measure(lambda: [renderer.client_copy(s) for s in summaries], repeat=3)
    n = len(summaries)
    return [
        ("one summary, first in the process (fonts, checklist, pack)", *cold, None),
        ("one summary, longest scenario s01 (6 pages, median)", *longest,
         TARGETS["one summary"]),
        ("one summary, mean over the 12 scenarios", every[0] / n, every[1] / n,
         TARGETS["one summary"]),
        ("one client copy, mean over the 12 scenarios", copies[0] / n, copies[1] / n, None),
    ]


def bench_batch(n: int, keep: Path | None) -> list[Row]:
    with new_store(keep, "summaries") as store, \
            tempfile.TemporaryDirectory(prefix="bench-pdfs-") as out:
        actor, uow = manager(store)
        filled = measure(lambda: fill(store, n, actor, real_facts=True))
        service = DocumentService(uow, PdfDocuments(), actor=actor, screener=engine(),
                                  clock=lambda: NOW)
        batch = measure(lambda: service.save_all(Path(out), copy=DocumentCopy.FILE))
        written = len(list(Path(out).glob("*.pdf")))
    return [(f"fill {n:,} clients (executemany)", *filled, None),
            (f"{written:,} summaries via save_all (read, PDF, file, audit each)", *batch,
             TARGETS["summaries"] * n / 1000)]


def bench_reports(n: int, keep: Path | None) -> list[Row]:
    with new_store(keep, "reports") as store:
        actor, uow = manager(store)
        filled = measure(lambda: fill(store, n, actor, real_facts=False))
        service = ReportService(uow, SqlReportSource(store.sessions), ReportFiles(), actor=actor,
                                clock=lambda: NOW)
        caseload = ReportRequest(ReportKind.CASELOAD)
        service.render(caseload, ReportFormat.CSV)  # warm the page cache once, as in use
        csv = measure(lambda: service.render(caseload, ReportFormat.CSV), repeat=3)
        pdf = measure(lambda: service.render(caseload, ReportFormat.PDF), repeat=3)
        xlsx = measure(lambda: service.render(caseload, ReportFormat.XLSX))
        flags = measure(lambda: service.render(ReportRequest(ReportKind.FLAGS),
                                               ReportFormat.CSV))
    return [(f"fill {n:,} intakes (executemany)", *filled, None),
            (f"caseload report, {n:,} intakes, CSV (median of 3)", *csv,
             TARGETS["caseload csv"]),
            (f"caseload report, {n:,} intakes, PDF with charts (median of 3)", *pdf,
             TARGETS["caseload pdf"]),
            (f"caseload report, {n:,} intakes, XLSX", *xlsx, None),
            (f"flags report (one row per raised flag), {n:,} intakes, CSV", *flags, None)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summaries", type=int, default=1000)
    parser.add_argument("--intakes", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the generated stores in this folder")
    args = parser.parse_args(argv)
    rows = bench_one_summary()
    rows += bench_batch(args.summaries, args.keep)
    rows += bench_reports(args.intakes, args.keep)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'wall s':>8}  {'CPU s':>8}  {'target':>7}  result")
    failed = False
    for name, wall, cpu, target in rows:
        verdict = "" if target is None else ("ok" if wall <= target else "SLOW")
        failed |= verdict == "SLOW"
        shown = f"{target:7.3f}" if target is not None else " " * 7
        print(f"{name:<{width}}  {wall:8.3f}  {cpu:8.3f}  {shown}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
