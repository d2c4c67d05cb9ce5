"""`audit verify` catches each kind of tampering (edited, inserted, deleted) and names the row;
the chain carries on across restarts."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from clinic_app.audit_log import AuditAction, AuditQuery, ChainVerdict, TamperKind
from clinic_app.services.audit import AuditService
from clinic_app.services.intakes import IntakeService
from db import keyring
from db.access import OpenedStore, sign_in
from db.audit import chain_hash, event_fields
from db.engine import open_store

from .conftest import ADMIN, scenario


def _verify(opened: OpenedStore) -> ChainVerdict:
    with opened.store.uow() as uow:
        return uow.audit_log.verify()


def _events(opened: OpenedStore, n: int = 6) -> None:
    with opened.store.uow(user_id=opened.actor.user_id) as uow:
        for i in range(n):
            uow.audit.record(AuditAction.INTAKE_VIEWED, entity="intake", entity_id=f"i{i}",
                             detail={"client_id": f"c{i}", "note": "José Núñez"})


def _sql(engine: Engine, statement: str, *params: object) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(statement, params)


def _forged(event_id: int, prev_hash: str) -> tuple[object, ...]:
    at = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    fields = event_fields(at, None, "intake.exported", "intake", "forged", {})
    return (event_id, at.replace(tzinfo=None).isoformat(sep=" "), "intake.exported", "intake",
            "forged", "{}", prev_hash, chain_hash(prev_hash, fields))


INSERT = ("INSERT INTO audit_events (id, at, user_id, action, entity, entity_id, detail, "
          "prev_hash, hash) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)")


@pytest.fixture
def trail(opened: OpenedStore) -> Iterator[OpenedStore]:
    _events(opened)  # events 1-3 come from set-up and sign-in, then 4-9
    assert _verify(opened) == ChainVerdict(9)
    yield opened


def test_an_intact_chain_verifies_and_the_check_is_recorded(trail: OpenedStore) -> None:
    service = AuditService(lambda: trail.store.uow(user_id=trail.actor.user_id),
                           actor=trail.actor)
    verdict = service.verify()
    assert verdict.intact and verdict.describe() == "chain intact: 9 events"
    [last] = service.audit_events(AuditQuery(limit=1))
    assert last.action == "audit.verified" and last.detail["events"] == 9


def test_an_edited_row_is_named(trail: OpenedStore) -> None:
    _sql(trail.store.engine, "UPDATE audit_events SET detail = ? WHERE id = 5",
         json.dumps({"client_id": "someone else"}))
    verdict = _verify(trail)
    assert (verdict.broken_at, verdict.kind) == (5, TamperKind.EDITED)
    assert verdict.describe().startswith("chain broken at event 5: edited")


def test_an_edited_and_rehashed_row_is_named(trail: OpenedStore) -> None:
    with trail.store.engine.begin() as conn:
        row = conn.exec_driver_sql("SELECT at, user_id, action, entity, entity_id, prev_hash "
                                   "FROM audit_events WHERE id = 5").one()
        at = datetime.fromisoformat(str(row.at)).replace(tzinfo=UTC)
        fields = event_fields(at, row.user_id, row.action, row.entity, row.entity_id, {})
        conn.exec_driver_sql("UPDATE audit_events SET detail = '{}', hash = ? WHERE id = 5",
                             (chain_hash(row.prev_hash, fields),))
    verdict = _verify(trail)
    assert (verdict.broken_at, verdict.kind) == (5, TamperKind.EDITED)


def test_a_row_slipped_into_the_middle_is_named(trail: OpenedStore) -> None:
    engine = trail.store.engine
    _sql(engine, "UPDATE audit_events SET id = id + 100 WHERE id > 6")
    _sql(engine, INSERT, *_forged(7, secrets.token_hex(32)))
    verdict = _verify(trail)
    assert (verdict.broken_at, verdict.kind) == (7, TamperKind.INSERTED)
    assert "inserted" in verdict.describe()


def test_a_row_added_at_the_end_with_a_made_up_link_is_named(trail: OpenedStore) -> None:
    _sql(trail.store.engine, INSERT, *_forged(10, secrets.token_hex(32)))
    verdict = _verify(trail)
    assert (verdict.broken_at, verdict.kind) == (10, TamperKind.INSERTED)


@pytest.mark.parametrize(("deleted", "named"), [(5, 6), (1, 2), (4, 7)])
def test_deleted_rows_are_named(trail: OpenedStore, deleted: int, named: int) -> None:
    _sql(trail.store.engine, "DELETE FROM audit_events WHERE id BETWEEN ? AND ?", deleted,
         named - 1)
    verdict = _verify(trail)
    assert (verdict.broken_at, verdict.kind) == (named, TamperKind.DELETED)
    assert f"events were deleted before event {named}" in verdict.describe()


def test_deleting_the_newest_rows_is_caught_by_the_anchor(trail: OpenedStore,
                                                         data_dir: Path) -> None:
    trail.close()  # the keyring now remembers the head: event 9
    key, _ = keyring.unlock(data_dir / "clinic.keys.json", ADMIN.username, ADMIN.password)
    with open_store(path=data_dir / "clinic.db", key=keyring.raw_key(key)) as raw:
        _sql(raw.engine, "DELETE FROM audit_events WHERE id >= 8")
    again = sign_in(data_dir=data_dir, credentials=ADMIN)  # writes a new event 8
    try:
        verdict = _verify(again)
        assert (verdict.broken_at, verdict.kind) == (9, TamperKind.DELETED)
        again.close()
        third = sign_in(data_dir=data_dir, credentials=ADMIN)  # the evidence is kept
        assert _verify(third).kind is TamperKind.DELETED
        third.close()
    finally:
        again.close()


def test_the_chain_survives_restarts_and_other_writers(opened: OpenedStore,
                                                       data_dir: Path) -> None:
    service = IntakeService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                            actor=opened.actor)
    service.import_document(scenario("s01"))
    opened.close()
    for _ in range(3):
        again = sign_in(data_dir=data_dir, credentials=ADMIN)
        IntakeService(lambda s=again: s.store.uow(user_id=s.actor.user_id),
                      actor=again.actor).import_document(scenario("s02"))
        again.close()
    last = sign_in(data_dir=data_dir, credentials=ADMIN)
    verdict = _verify(last)
    assert verdict.intact and verdict.count == 3 + 1 + 3 * 2 + 1
    last.close()


def test_changes_are_recorded_field_by_field(opened: OpenedStore) -> None:
    service = IntakeService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                            actor=opened.actor)
    client_id, intake_id = service.import_document(scenario("s01"))
    stored = service.open_intake(intake_id)
    facts = json.loads(json.dumps(stored.document.facts))
    old_name = facts["client"]["given_names"]
    facts["client"]["given_names"] = "Ana María"
    from clinic_app.domain import IntakeDocument

    service.save_intake(intake_id, IntakeDocument(facts), expected_version=stored.version)
    audit = AuditService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                         actor=opened.actor)
    changed, viewed = audit.audit_events(AuditQuery(action="intake.", limit=2))
    assert viewed.action == "intake.viewed" and viewed.detail["client_id"] == client_id
    assert changed.action == "intake.changed" and changed.username == "admin"
    assert changed.detail["changes"] == [
        {"field": "client.given_names", "old": old_name, "new": "Ana María"}]
    assert _verify(opened).intact
