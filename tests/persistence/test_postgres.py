"""The same store on PostgreSQL (multi-seat), on the session's server (tests/conftest.py pg_url:
CLINIC_TEST_PG_URL, else a throwaway cluster); each test works in a schema of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command

from clinic_app.domain import IntakeDocument, ScreeningResult
from db.engine import Store
from db.errors import ConcurrentChangeError
from db.migrate import alembic_config, ensure_schema
from db.repositories import SqlIntakeRepository

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios" / \
    "s16-pedro-honduras.json"

pytestmark = [pytest.mark.postgres]


def test_created_at_head_and_in_step_with_the_models(pg_store: Store) -> None:
    assert pg_store.kind == "postgresql" and pg_store.path is None
    assert ensure_schema(pg_store).action == "created"
    assert ensure_schema(pg_store).action == "current"
    with pg_store.engine.begin() as conn:
        command.check(alembic_config(conn))


def test_migrations_from_empty_match_the_models(pg_store: Store) -> None:
    with pg_store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        command.check(alembic_config(conn))


def test_round_trip_and_optimistic_locking(pg_store: Store,
                                           screening: ScreeningResult) -> None:
    ensure_schema(pg_store)
    document = IntakeDocument(json.loads(SCENARIO.read_text(encoding="utf-8")))
    with pg_store.uow() as uow:
        client_id = uow.clients.add(document)
        intake_id = uow.intakes.add(client_id, document)
        uow.flags.replace_for_intake(intake_id, screening)
        uow.audit.record("intake.imported", entity="intake", entity_id=intake_id)
    with pg_store.uow() as uow:
        stored = uow.intakes.get(intake_id)
        (summary,) = uow.clients.summaries()
        assert uow.flags.for_intake(intake_id) == screening
    assert stored is not None
    assert json.dumps(stored.document.facts) == json.dumps(document.facts)
    assert (summary.last_entry, summary.flag_count) == ("2024-12-26..2025-01-31", 3)

    with pg_store.uow() as uow:
        SqlIntakeRepository(uow.session).update(intake_id, document, expected_version=1,
                                                status="draft")
    with pytest.raises(ConcurrentChangeError), pg_store.uow() as uow:
        SqlIntakeRepository(uow.session).update(intake_id, document, expected_version=1)
