"""Re-screening on PostgreSQL (multi-seat): the same changes, labels and worker processes."""

from __future__ import annotations

import pytest

import clinic_app.services.screening as screening_module
from db.engine import Store
from tests.core.intake_variants import intakes, scenarios
from tests.core.pack_edits import bundled_text

from .test_rescreen import NEW_PACK, Clinic, expected_changes

pytestmark = [pytest.mark.postgres]


def test_rescreen_reports_and_stores_the_changes(pg_store: Store) -> None:
    clinic = Clinic(pg_store, scenarios())
    report = clinic.screening(NEW_PACK).rescreen()
    assert {(c.client_name, c.describe()) for c in report.changes} == \
        expected_changes(bundled_text(), NEW_PACK, scenarios())
    assert report.evaluated == 12 and report.full == 0
    for _, _, label in clinic.state().values():
        assert label[2] == "2026.07.01"
    again = clinic.screening(NEW_PACK).rescreen()
    assert (again.evaluated, again.changes) == (0, ())


def test_worker_processes_on_postgresql(pg_store: Store,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screening_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(screening_module, "CHUNK", 9)
    facts = intakes(30, seed=3)
    clinic = Clinic(pg_store, facts)
    report = clinic.screening(NEW_PACK).rescreen(workers=2)
    assert report.workers == 2
    assert {(c.client_name, c.describe()) for c in report.changes} == \
        expected_changes(bundled_text(), NEW_PACK, facts)
