"""A real SQLite store holding the 12 scenario clients (screened on import), the report service
over it for any role, and the facts the expected counts are computed from independently."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from clinic_app.domain import Role
from clinic_app.security import Actor
from clinic_app.services.intakes import IntakeService
from clinic_app.services.reports import ReportService
from db.engine import Store, open_store
from db.migrate import ensure_schema
from db.reports import SqlReportSource
from forms.exports import ReportFiles

from .summaries import engine, scenario_paths

TODAY = date(2026, 7, 1)
EXPECTED = json.loads((scenario_paths()[0].parent / "expected.json").read_text("utf-8"))


@dataclass(frozen=True)
class Scenario:
    name: str
    facts: dict[str, Any]

    @property
    def client(self) -> dict[str, Any]:
        client: dict[str, Any] = self.facts["client"]
        return client

    @property
    def full_name(self) -> str:
        return f"{self.client['given_names']} {self.client['family_names']}"


@functools.cache
def scenarios() -> tuple[Scenario, ...]:
    return tuple(Scenario(p.name, json.loads(p.read_text("utf-8"))) for p in scenario_paths())


@contextmanager
def scenario_store(folder: Path) -> Iterator[tuple[Store, str]]:
    """The store and the id of its admin user (who imported the scenarios)."""
    with open_store(data_dir=folder) as store:
        yield store, load_scenarios(store)


def load_scenarios(store: Store) -> str:
    """Create the store's tables, an admin, and the 12 scenario clients; the admin's id."""
    ensure_schema(store)
    with store.uow() as uow:
        admin_id = uow.users.add("admin", "Ada Admin", Role.ADMIN)
    actor = Actor(admin_id, "admin", Role.ADMIN, "Ada Admin")
    uow_factory = functools.partial(store.uow, user_id=admin_id)
    report = IntakeService(uow_factory, engine(), actor=actor).import_files(scenario_paths())
    assert report.ok, report.failed
    return admin_id


def reports_as(store: Store, role: Role, *, user_id: str | None = None) -> ReportService:
    actor = Actor(user_id or f"{role.value}-id", role.value, role, f"A {role.value}")
    return ReportService(functools.partial(store.uow, user_id=user_id),
                         SqlReportSource(store.sessions, location=store.location),
                         ReportFiles(), actor=actor,
                         clock=lambda: datetime(2026, 7, 1, 20, 0, tzinfo=UTC),
                         today=lambda: TODAY)


def identities() -> list[str]:
    """Every scenario client's names (each part and whole) and A-number."""
    out: list[str] = []
    for s in scenarios():
        out += [s.full_name, s.client["given_names"], s.client["family_names"]]
        if s.client.get("a_number"):
            out.append(s.client["a_number"])
    return out
