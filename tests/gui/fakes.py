"""In-memory services for GUI tests and screenshots: the ui sees only the service Protocols."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from clinic_app.domain import FORMAT_ID, ClientSummary
from clinic_app.search import (
    ClientPage,
    ClientQuery,
    ClientSort,
    SearchTerms,
    a_number_digits,
    a_number_prefixes,
    fold,
    word_matches,
)
from clinic_app.services import AppServices, ImportFailure, ImportReport, StoreInfo

# Good enough for a picture: the flags that are urgent in most scenarios (flags.md 3).
_USUALLY_URGENT = frozenset({"MPP-2025", "ONE-YEAR", "CONFIDENTIALITY", "UAC-STATUS"})


def summary_from_document(doc: dict[str, Any], client_id: str,
                          flag_ids: Sequence[str] = ()) -> ClientSummary:
    """A list row computed simply from a `clinic-intake/1` document (no screening engine)."""
    client = doc.get("client", {})
    name = " ".join(p for p in (client.get("given_names", ""), client.get("family_names", "")) if p)
    entries = [str(e["date"]) for e in doc.get("events", [])
               if e.get("type") == "entry" and e.get("date")]
    return ClientSummary(
        client_id=client_id,
        display_name=name or "(no name recorded)",
        nationalities=tuple(client.get("nationalities", ())),
        last_entry=max(entries) if entries else None,
        flag_count=len(flag_ids),
        urgent_count=sum(1 for f in flag_ids if f in _USUALLY_URGENT),
        a_number=client.get("a_number") or None,
    )


def scenario_summaries(folder: Path) -> list[ClientSummary]:
    """The scenario clients of `tests/fixtures/domain/scenarios`, flags from expected.json."""
    expected_path = folder / "expected.json"
    expected = json.loads(expected_path.read_text("utf-8")) if expected_path.is_file() else {}
    rows = []
    for index, path in enumerate(sorted(folder.glob("s*.json")), start=1):
        doc = json.loads(path.read_text("utf-8"))
        flags = expected.get(path.name, {}).get("flags", [])
        rows.append(summary_from_document(doc, f"client-{index:03d}", flags))
    return rows


class FakeClientQueries:
    """ClientQueries over a list, with the store's search rules (clinic_app.search) in memory.

    `error` makes the next calls fail like a broken store; `hold(text)` makes a search for that
    text wait until `release(text)` (to test that a late answer is dropped). `queries` records
    every query asked, so tests can check that pages, never the whole list, are requested.
    The list order stands for "most recently changed first".
    """

    def __init__(self, clients: Iterable[ClientSummary] = ()) -> None:
        self._lock = threading.Lock()
        self.clients = list(clients)
        self.calls = 0
        self.error: Exception | None = None
        self.queries: list[ClientQuery] = []
        self.unreviewed: set[str] = set()  # client ids with a flag no attorney decided on
        self.due_in: dict[str, int] = {}  # client id -> days until its next deadline
        self._held: dict[str, threading.Event] = {}

    def hold(self, text: str) -> None:
        with self._lock:
            self._held[text] = threading.Event()

    def release(self, text: str) -> None:
        with self._lock:
            event = self._held.pop(text, None)
        if event is not None:
            event.set()

    def search_clients(self, query: ClientQuery) -> ClientPage:
        with self._lock:
            self.calls += 1
            self.queries.append(query)
            held = self._held.get(query.text)
            if self.error is not None:
                raise self.error
            clients = list(self.clients)
        if held is not None:
            held.wait(10)
        exact, close = [], []
        for client in clients:
            if not self._passes_filters(client, query):
                continue
            how = _matches(client, query.terms)
            if how == "exact":
                exact.append(client)
            elif how == "close":
                close.append(client)
        rows = _sorted(exact, query) + _sorted(close, query)
        page = tuple(rows[query.offset:query.offset + query.limit])
        return ClientPage(query=query, rows=page, total=len(rows), exact=len(exact),
                          everyone=len(clients))

    def count_clients(self, query: ClientQuery | None = None) -> int:
        return self.search_clients(query or ClientQuery()).total

    def client_summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        with self._lock:
            self.calls += 1
            if self.error is not None:
                raise self.error
            rows = self.clients[offset:]
            return rows[:limit] if limit is not None else rows

    def client_count(self) -> int:
        with self._lock:
            return len(self.clients)

    def add(self, summary: ClientSummary) -> None:
        with self._lock:
            self.clients.insert(0, summary)  # newest first, like the real store

    def _passes_filters(self, client: ClientSummary, query: ClientQuery) -> bool:
        if query.urgent and not client.urgent_count:
            return False
        if query.unreviewed and client.client_id not in self.unreviewed:
            return False
        due = self.due_in.get(client.client_id)
        return query.deadline_days is None or (due is not None and due <= query.deadline_days)


def _matches(client: ClientSummary, terms: SearchTerms) -> str:
    """"exact", "close" (a typo allowed) or "" — the rules of clinic_app.search."""
    if terms.empty:
        return "exact"
    digits = a_number_digits(client.a_number) or ""
    if not all(any(digits.startswith(p) for p in a_number_prefixes(d)) for d in terms.digits):
        return ""
    words = re.findall(r"[a-z0-9]+", fold(client.display_name))
    if all(any(w.startswith(t) for w in words) for t in terms.words):
        return "exact"
    if all(any(word_matches(t, w) for w in words) for t in terms.words):
        return "close"
    return ""


def _sorted(rows: list[ClientSummary], query: ClientQuery) -> list[ClientSummary]:
    if query.sort is ClientSort.RECENT:
        return list(rows) if query.descending else list(reversed(rows))
    keys = {
        ClientSort.NAME: lambda c: fold(c.display_name),
        ClientSort.A_NUMBER: lambda c: a_number_digits(c.a_number) or "",
        ClientSort.LAST_ENTRY: lambda c: c.last_entry or "",
        ClientSort.FLAGS: lambda c: (c.urgent_count, c.flag_count),
    }
    return sorted(rows, key=keys[query.sort], reverse=query.descending)


class FakeIntakeImport:
    """IntakeImport that checks only the format marker and adds a row per accepted file."""

    def __init__(self, queries: FakeClientQueries) -> None:
        self._queries = queries
        self.imported_paths: list[Path] = []

    def import_files(self, paths: Sequence[Path]) -> ImportReport:
        imported: list[tuple[Path, str]] = []
        failed: list[ImportFailure] = []
        for path in paths:
            problems, doc = _check(path)
            if problems:
                failed.append(ImportFailure(path, tuple(problems)))
                continue
            client_id = f"imported-{len(self.imported_paths) + 1:03d}"
            self._queries.add(summary_from_document(doc, client_id))
            self.imported_paths.append(path)
            imported.append((path, client_id))
        return ImportReport(imported=tuple(imported), failed=tuple(failed))


def _check(path: Path) -> tuple[list[str], dict[str, Any]]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"(file): cannot be read as JSON: {exc}"], {}
    if not isinstance(doc, dict):
        return ["(root): must be an object"], {}
    if doc.get("format") != FORMAT_ID:
        return [f"format: must be '{FORMAT_ID}'"], {}
    if not isinstance(doc.get("client"), dict):
        return ["client: is required"], {}
    return [], doc


def fake_services(clients: Iterable[ClientSummary] = (), *, version: str = "0.1.0-test",
                  location: str = "/tmp/clinic-test/clinic.db", kind: str = "sqlite",
                  rule_pack_version: str = "us-border-asylum 2026.06.25") -> AppServices:
    queries = FakeClientQueries(clients)
    return AppServices(
        clients=queries,
        importer=FakeIntakeImport(queries),
        store=StoreInfo(location=location, kind=kind, data_dir=str(Path(location).parent)),
        version=version,
        rule_pack_version=rule_pack_version,
    )
