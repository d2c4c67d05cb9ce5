"""Client search at clinic scale: 100,000 synthetic clients, 200 typed queries, p50/p95.

Run `python benchmarks/bench_search.py [--clients N] [--queries Q] [--keep DIR]`. The store is
a real SQLite store (migrated, triggers and FTS5 index as the app has them) filled with
executemany through `db.search_index.bulk_load`. Each query is timed three ways:

* service: `SqlClientIndex.search` as the GUI and `clinic-intake search` call it (typo
  neighbours, total and exact counts, the first page of 100 rows with their list columns);
* bare FTS5: one raw `MATCH` for the same words returning the first 100 rowids;
* same answer by hand: the hand-written SQL giving the service's answer (count + first page in
  recency order, no typo allowance), on a raw sqlite3 connection.

A-number queries have no FTS5 part; their bare query is the raw index range read.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic_app.search import (  # noqa: E402
    ClientQuery,
    a_number_prefixes,
    fold,
    fold_name,
    parse_search_text,
)
from db import search_index  # noqa: E402
from db.client_search import CACHE_KIB, SqlClientIndex  # noqa: E402
from db.engine import Store, open_store  # noqa: E402
from db.migrate import ensure_schema  # noqa: E402
from db.records import ClientRecord, DeadlineRecord, FlagRecord, IntakeRecord  # noqa: E402


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN = _words(
    "María José Juan Carlos Luis Alberto Ana Lucía Sofía Valentina Jorge Pedro Pablo Andrés "
    "Camila Daniela Fernanda Guadalupe Jesús Ángel Héctor Óscar Iván Rubén Raúl Inés Mónica "
    "Verónica Beatriz Nicolás Sebastián Tomás Martín Joaquín Agustín Emmanuel Kevin Brayan "
    "Yeison Wilmer Dilcia Yesenia Xiomara Marisol Rosa Carmen Teresa Elena Isabel Patricia "
    "Gabriela Alejandra Natalia Paola Diana Karla Karen Mateo Santiago Diego Emilio Gael Ximena "
    "Renata Regina Itzel Yaretzi Nayeli Brenda Dayana Heidy Jennifer Wendy Edwin Élmer Nelson "
    "Oswaldo Efraín Abimael Josué Moisés Elías Samuel Ismael Noé Rigoberta Candelaria Marlen "
    "Jean-Baptiste Wideline Fabiola Jovenel Mackenson Rose-Marie Thiago João Conceição "
    "Mehmet Ayşe Pavel Olena Tenzin Wei Li Amadou Fatoumata Ibrahima Aïssatou Emmanuelle Ngozi"
)
FAMILY = _words(
    "González Hernández García Martínez López Rodríguez Pérez Sánchez Ramírez Cruz Flores Gómez "
    "Morales Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno "
    "Castillo Romero Álvarez Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro "
    "Vargas Guzmán Velázquez Muñoz Rojas Núñez Salazar Ortega Delgado Contreras Guerrero Estrada "
    "Figueroa Cabrera Xicará Morán Rosales Ferrera Canales Orellana Zelaya Quiñónez Peña Ibáñez "
    "Cárdenas Ávila Sandoval Ríos Luna Mejía Cortés Fuentes Navarro Alvarado Aguirre Benítez "
    "Bonilla Cáceres Carrillo Cuéllar Escobar Espinoza Galeano Girón Godoy Hidalgo Lara Lemus "
    "Maldonado Marroquín Matute Montoya Murillo Ochoa Osorio Padilla Pineda Ponce Portillo "
    "Quintanilla Rivas Saravia Serrano Sosa Tzul Ixcot Cux Chamalé Ajú Coj Batz Tum Ordóñez "
    "Pierre Jean-Louis Joseph Charles Desir Étienne Saint-Fleur Silva Santos Oliveira Souza "
    "Yılmaz Kaya Drozdov Kovalenko Dorje Wang Zhang Diallo Traoré Ndip Tabe Okafor"
)
COUNTRIES = ("HN", "GT", "SV", "MX", "NI", "VE", "CU", "HT", "CO", "EC", "BR", "TR", "RU", "CN",
             "CM", "GN", "IN")
LEVELS = ("urgent", "review", "check")
PAGE = 100
TODAY = date(2026, 7, 1)


def synthetic_people(count: int, rnd: random.Random) -> list[tuple[str, str, str | None]]:
    people = []
    for _ in range(count):
        given = " ".join(rnd.sample(GIVEN, rnd.choice((1, 2, 2))))
        family = " ".join(rnd.sample(FAMILY, rnd.choice((1, 2, 2, 2))))  # mostly two surnames
        a_number = f"A{rnd.randrange(10**7, 10**9):09d}" if rnd.random() < 0.7 else None
        if a_number and rnd.random() < 0.2:
            a_number = f"A{rnd.randrange(10**7, 10**8):08d}"  # the older eight-digit kind
        people.append((given, family, a_number))
    return people


def fill(store: Store, count: int, seed: int) -> float:
    """`count` clients with one intake each and 0-4 flags; returns seconds taken."""
    rnd = random.Random(seed)
    start = time.perf_counter()
    now = datetime(2026, 7, 1, tzinfo=UTC)
    clients, intakes, flags, deadlines = [], [], [], []
    for n, (given, family, a_number) in enumerate(synthetic_people(count, rnd)):
        client_id, intake_id = str(uuid.UUID(int=rnd.getrandbits(128))), str(uuid.uuid4())
        changed = now - timedelta(minutes=count - n)
        entry = date(2019, 1, 1) + timedelta(days=rnd.randrange(2500))
        nationality = rnd.choice(COUNTRIES)
        facts = {"format": "clinic-intake/1", "client": {
            "given_names": given, "family_names": family, "nationalities": [nationality],
            **({"a_number": a_number} if a_number else {})},
            "events": [{"type": "entry", "date": entry.isoformat()}]}
        clients.append({"id": client_id, "given_names": given, "family_names": family,
                        "name_key": fold_name(given, family), "date_of_birth": None,
                        "nationalities": [nationality], "a_number": a_number,
                        "created_at": changed, "updated_at": changed, "version_id": 1})
        intakes.append({"id": intake_id, "client_id": client_id, "ordinal": 1,
                        "format": "clinic-intake/1", "status": "complete",
                        "facts": json.dumps(facts, ensure_ascii=False),
                        "last_entry_lo": entry, "last_entry_text": entry.isoformat(),
                        "primary_nationality": nationality, "created_at": changed,
                        "updated_at": changed, "version_id": 1})
        if entry > TODAY - timedelta(days=700):  # an asylum one-year deadline still ahead
            due = entry.replace(year=entry.year + 1) if entry.month != 2 or entry.day != 29 \
                else date(entry.year + 1, 2, 28)
            deadlines.append({"client_id": client_id, "intake_id": intake_id,
                              "kind": "one_year", "due": due, "latest": due,
                              "uncertain": False, "label": "One-year asylum filing deadline",
                              "facts": ["events[0]"], "basis": "", "detail": ""})
        for position in range(rnd.choice((0, 1, 1, 2, 2, 3, 4))):
            flags.append({"intake_id": intake_id, "position": position,
                          "flag_id": f"FLAG-{position}", "level": rnd.choice(LEVELS),
                          "policy": "Policy", "title": "Title", "reason": "Reason.",
                          "facts": [], "sources": [], "rule_pack_id": "us-border-asylum",
                          "rule_pack_version": "2026.06.25", "as_of": date(2026, 7, 1)})
    with store.engine.begin() as conn, search_index.bulk_load(conn):
        conn.execute(insert(ClientRecord), clients)
        conn.execute(insert(IntakeRecord), intakes)
        conn.execute(insert(FlagRecord), flags)
        conn.execute(insert(DeadlineRecord), deadlines)
    return time.perf_counter() - start


def typed_queries(store: Store, count: int, seed: int) -> list[str]:
    """What paralegals type: name beginnings, full names, two surnames, typos, A-numbers."""
    rnd = random.Random(seed + 1)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT given_names, family_names, a_number FROM clients ORDER BY random() "
            f"LIMIT {count}").fetchall()
    queries: list[str] = []
    for n, (given, family, a_number) in enumerate(rows):
        surnames = family.split()
        kind = n % 8
        if kind == 0:
            queries.append(surnames[0][: rnd.randint(3, 5)])  # typing has just begun
        elif kind == 1:
            queries.append(f"{given.split()[0]} {surnames[0]}")
        elif kind == 2:
            queries.append(" ".join(surnames))  # both surnames
        elif kind == 3:
            queries.append(f"{surnames[-1]} {given.split()[0]}")  # any order
        elif kind == 4:
            word = fold(surnames[0])
            i = rnd.randrange(1, len(word))
            queries.append(word[:i] + word[i + 1:] if len(word) > 4 else word)  # a typo
        elif kind == 5 and a_number:
            digits = a_number[1:]
            queries.append(f"A-{digits[:3]}-{digits[3:6]}")
        elif kind == 6:
            queries.append(fold(f"{given} {family}"))  # no accents typed
        else:
            queries.append(given.split()[0][:2])  # two letters
    return queries


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def fts_expression(words: Sequence[str]) -> str:
    return " AND ".join(f'"{w}"*' for w in words)


def bare_query(raw: sqlite3.Connection, text: str) -> None:
    terms = parse_search_text(text)
    if terms.words:
        raw.execute("SELECT rowid FROM client_search_fts WHERE client_search_fts MATCH ? "
                    "LIMIT ?", (fts_expression(terms.words), PAGE)).fetchall()
    else:
        prefix = a_number_prefixes(terms.digits[0])[0]
        raw.execute("SELECT id FROM client_search WHERE a_digits >= ? AND a_digits < ? "
                    "LIMIT ?", (prefix, prefix + ":", PAGE)).fetchall()


def same_answer_by_hand(raw: sqlite3.Connection, text: str) -> None:
    terms = parse_search_text(text)
    if terms.words:
        where = ("cs.id IN (SELECT rowid FROM client_search_fts WHERE client_search_fts "
                 "MATCH ?)")
        args: tuple[str, ...] = (fts_expression(terms.words),)
    else:
        prefix = a_number_prefixes(terms.digits[0])[0]
        where, args = "cs.a_digits >= ? AND cs.a_digits < ?", (prefix, prefix + ":")
    raw.execute(f"SELECT count(*) FROM client_search cs WHERE {where}", args).fetchone()
    raw.execute(
        "SELECT c.id, c.given_names, c.family_names, c.nationalities, c.a_number, "
        "c.updated_at, i.last_entry_text, cs.flag_count, cs.urgent_count "
        "FROM client_search cs JOIN clients c ON c.id = cs.client_id "
        f"LEFT JOIN intakes i ON i.id = cs.latest_intake_id WHERE {where} "
        "ORDER BY cs.updated_at DESC, cs.id DESC LIMIT ?", (*args, PAGE)).fetchall()


def report(name: str, values: Sequence[float]) -> tuple[float, float]:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    print(f"  {name:<28} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {max(values):7.2f} ms")
    return p50, p95


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the store in DIR and keep it (reused if already filled)")
    parser.add_argument("--gui", action="store_true",
                        help="also type and scroll in the real Clients page (offscreen) and "
                             "report the longest time the UI thread was busy")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="clinic-bench-search-"))
    store = open_store(data_dir=folder)
    ensure_schema(store)
    index = SqlClientIndex(store.sessions, location=store.location)
    existing = index.count(ClientQuery(), today=TODAY)
    if existing != args.clients:
        if existing:
            raise SystemExit(f"{folder} already holds {existing} clients; use another --keep")
        seconds = fill(store, args.clients, args.seed)
        print(f"filled {args.clients:,} clients in {seconds:.1f} s ({folder})")
    queries = typed_queries(store, args.queries, args.seed)
    raw = sqlite3.connect(str(store.path))
    raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # the same page cache as the service
    service_ms, bare_ms, by_hand_ms = [], [], []
    for text in queries * 2:  # the first round warms the page cache; only the second counts
        query = ClientQuery(text=text, limit=PAGE)
        service_ms.append(timed(partial(index.search, query, today=TODAY)))
        bare_ms.append(timed(partial(bare_query, raw, text)))
        by_hand_ms.append(timed(partial(same_answer_by_hand, raw, text)))
    del service_ms[:len(queries)], bare_ms[:len(queries)], by_hand_ms[:len(queries)]
    filters = [ClientQuery(text=text, limit=PAGE, urgent=urgent, unreviewed=unreviewed,
                           deadline_days=days)
               for text in ("", "maria", "gonzalez")
               for urgent, unreviewed, days in ((True, False, None), (False, True, None),
                                                (False, False, 30), (True, True, 90))]
    filter_ms = [timed(partial(index.search, q, today=TODAY)) for q in filters * 2]
    del filter_ms[:len(filters)]
    offsets = range(0, args.clients, max(1, args.clients // 50))
    page_ms = [timed(partial(index.search, ClientQuery(offset=o, limit=PAGE), today=TODAY))
               for o in offsets]
    raw.close()

    print(f"\nsearch over {args.clients:,} clients, {len(queries)} queries "
          f"(e.g. {', '.join(repr(q) for q in queries[:6])})")
    s50, s95 = report("service (as GUI and CLI)", service_ms)
    b50, b95 = report("bare FTS5 MATCH, 100 rowids", bare_ms)
    h50, h95 = report("same answer, hand-written", by_hand_ms)
    report("filters (urgent/review/due)", filter_ms)
    report("scrolled page (any offset)", page_ms)
    print(f"  ratio service / bare FTS5:        p50 {s50 / b50:5.1f}x   p95 {s95 / b95:5.1f}x")
    print(f"  ratio service / same by hand:     p50 {s50 / h50:5.1f}x   p95 {s95 / h95:5.1f}x")
    if args.gui:
        gui_stalls(store, queries[:30], args.clients)
    store.close()
    return 0


def gui_stalls(store: Store, queries: Sequence[str], clients: int) -> None:
    """Type the queries a key at a time (about 8 keys a second) and jump the scroll bar around
    the whole list, in the real Clients page over this store; a 5 ms heartbeat timer on the UI
    thread measures how long the event loop was ever kept from running."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from clinic_app.domain import Role
    from clinic_app.security import Actor
    from clinic_app.services.clients import ClientDirectory
    from ui.clients.controller import ClientList
    from ui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    directory = ClientDirectory(SqlClientIndex(store.sessions, location=store.location),
                                actor=Actor("bench", "bench", Role.ADMIN), today=lambda: TODAY)
    runner = TaskRunner()
    page = ClientList(directory, runner)
    page.view.resize(1280, 800)
    page.view.show()

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle() -> None:
        while page.loading or runner.busy:
            spin(5)

    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    page.refresh()
    settle()
    heartbeat.start()
    typing_from = len(beats)
    for text in queries:
        for end in range(1, len(text) + 1):
            page.view.search.setText(text[:end])
            spin(120)
        settle()
    typing_to = len(beats)
    page.view.search.setText("")
    settle()
    bar = page.view.table.verticalScrollBar()
    rnd = random.Random(3)
    scroll_from = len(beats)
    for _ in range(40):
        bar.setValue(rnd.randrange(max(1, bar.maximum())))
        spin(150)
    settle()
    heartbeat.stop()
    runner.shutdown()
    page.view.close()
    app.processEvents()

    def longest(first: int, last: int) -> float:
        gaps = [(b - a) * 1000 for a, b in zip(beats[first:last], beats[first + 1:last],
                                               strict=False)]
        return max(gaps, default=0.0)

    print(f"\nGUI over {clients:,} clients (offscreen): {len(queries)} queries typed a key at "
          f"a time, 40 jumps of the scroll bar")
    print(f"  longest UI-thread stall while typing:    {longest(typing_from, typing_to):6.1f} ms")
    print(f"  longest UI-thread stall while scrolling: {longest(scroll_from, len(beats)):6.1f} ms"
          f"  (rows in memory at the end: {page.model.cached_rows():,})")


if __name__ == "__main__":
    sys.exit(main())
