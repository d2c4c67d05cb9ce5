"""The report queries on PostgreSQL (its own date functions for ages) give the counts SQLite
gives, on the session's server (tests/conftest.py pg_url)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic_app.domain import Role
from clinic_app.reports import Report, ReportKind, ReportRequest
from db.engine import Store

from .report_store import load_scenarios, reports_as, scenario_store

pytestmark = [pytest.mark.postgres]


def _tables(report: Report) -> dict[str, set[tuple[object, ...]]]:
    return {t.key: set(t.rows) for t in report.tables}


def test_postgres_counts_what_sqlite_counts(pg_store: Store, tmp_path: Path) -> None:
    load_scenarios(pg_store)
    with scenario_store(tmp_path / "data") as (sqlite_store, _admin):
        for kind in (ReportKind.CASELOAD, ReportKind.FLAGS):
            expected = reports_as(sqlite_store, Role.MANAGER).build(ReportRequest(kind))
            got = reports_as(pg_store, Role.MANAGER).build(ReportRequest(kind))
            if kind is ReportKind.FLAGS:  # case numbers follow random ids: compare the rest
                strip = {"flags": {r[1:] for r in got.table("flags").rows}}
                want = {"flags": {r[1:] for r in expected.table("flags").rows}}
                assert strip == want
            else:
                assert _tables(got) == _tables(expected)
                assert got.notes == expected.notes
