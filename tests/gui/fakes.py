"""In-memory services for GUI tests and screenshots: the ui sees only the service Protocols."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from clinic_app.domain import FORMAT_ID, ClientSummary
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
    """ClientQueries over a list; `error` makes the next loads fail like a broken store."""

    def __init__(self, clients: Iterable[ClientSummary] = ()) -> None:
        self._lock = threading.Lock()
        self.clients = list(clients)
        self.calls = 0
        self.error: Exception | None = None

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
