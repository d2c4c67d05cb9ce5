"""Repositories and the unit of work on a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm.exc import StaleDataError

from clinic_app.domain import IntakeDocument, IntakeStatus, ScreeningResult
from clinic_app.errors import NotFound, StoreError
from clinic_app.ports import UnitOfWorkFactory
from db.audit import GENESIS, first_broken_link
from db.engine import Store
from db.errors import ConcurrentChangeError
from db.records import AuditEventRecord, ClientRecord, FlagRecord, IntakeRecord
from db.repositories import SqlIntakeRepository
from db.uow import SqlUnitOfWork

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("s*.json"))

Scenario = Callable[[str], IntakeDocument]


def _import(store: Store, document: IntakeDocument,
            result: ScreeningResult | None = None) -> tuple[str, str]:
    with store.uow() as uow:
        client_id = uow.clients.add(document)
        intake_id = uow.intakes.add(client_id, document)
        if result is not None:
            uow.flags.replace_for_intake(intake_id, result)
    return client_id, intake_id


def _save(uow: SqlUnitOfWork, intake_id: str, document: IntakeDocument, version: int,
          status: str | None = None) -> int:
    # IntakeRepository.update is not in clinic_app.ports yet, so go to the SQL repository.
    return SqlIntakeRepository(uow.session).update(intake_id, document, expected_version=version,
                                                   status=status)


def _rows(store: Store, record: type) -> int:
    with store.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(record)) or 0


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_a_scenario_reads_back_with_identical_facts_and_key_order(store: Store, path: Path) -> None:
    document = IntakeDocument(json.loads(path.read_text(encoding="utf-8")))
    _, intake_id = _import(store, document)

    with store.uow() as uow:
        stored = uow.intakes.get(intake_id)

    assert stored is not None
    assert stored.document.facts == document.facts
    # Same text when dumped unsorted = same key order at every level.
    assert json.dumps(stored.document.facts, ensure_ascii=False) == \
        json.dumps(document.facts, ensure_ascii=False)
    assert stored.status is IntakeStatus.COMPLETE
    assert stored.version == 1


def test_facts_are_stored_as_readable_utf8_json(store: Store, scenario: Scenario) -> None:
    _, intake_id = _import(store, scenario("s16"))
    with store.uow() as uow:
        facts = uow.session.scalar(select(IntakeRecord.facts).where(IntakeRecord.id == intake_id))
    assert facts is not None and "José" in facts and "\\u" not in facts


def test_summaries_show_name_nationality_last_entry_and_flags(
        store: Store, scenario: Scenario, screening: ScreeningResult) -> None:
    client_id, _ = _import(store, scenario("s16"), screening)

    with store.uow() as uow:
        (summary,) = uow.clients.summaries()
        assert uow.clients.get_summary(client_id) == summary
        assert uow.clients.count() == 1

    assert summary.client_id == client_id
    assert summary.display_name == "Pedro José Nolasco Zelaya"
    assert summary.nationalities == ("HN",)
    assert summary.last_entry == "2024-12-26..2025-01-31"
    assert summary.flag_count == 3
    assert summary.urgent_count == 1
    assert summary.updated_at is not None and summary.updated_at.tzinfo is not None


def test_summary_counts_the_flags_of_the_latest_intake_only(
        store: Store, scenario: Scenario, screening: ScreeningResult) -> None:
    first = scenario("s01")
    client_id, first_intake = _import(store, first, screening)
    later = IntakeDocument({**first.facts, "events": []})
    with store.uow() as uow:
        uow.intakes.add(client_id, later)

    with store.uow() as uow:
        summary = uow.clients.get_summary(client_id)
        latest = uow.intakes.latest_for_client(client_id)

    assert summary is not None and summary.flag_count == 0 and summary.last_entry is None
    assert latest is not None and latest.intake_id != first_intake
    assert latest.document.facts == later.facts


def test_summaries_list_the_most_recently_updated_first_and_page(
        store: Store, scenario: Scenario) -> None:
    ids = [_import(store, scenario(p))[0] for p in ("s01", "s02", "s03")]
    with store.uow() as uow:  # a new intake moves s01's client to the top
        uow.intakes.add(ids[0], scenario("s01"))

    with store.uow() as uow:
        order = [s.client_id for s in uow.clients.summaries()]
        page = [s.client_id for s in uow.clients.summaries(limit=1, offset=1)]

    assert order == [ids[0], ids[2], ids[1]]
    assert page == [ids[2]]


def test_summaries_run_one_query(store: Store, scenario: Scenario,
                                 screening: ScreeningResult) -> None:
    for prefix in ("s01", "s02", "s03", "s05"):
        _import(store, scenario(prefix), screening)
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.uow() as uow:
            assert len(uow.clients.summaries()) == 4
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    queries = [s for s in statements if not s.startswith("BEGIN")]
    assert len(queries) == 1 and queries[0].lstrip().startswith("SELECT")


def test_client_identity_is_indexed_for_search(store: Store, scenario: Scenario) -> None:
    client_id, intake_id = _import(store, scenario("s14"))
    with store.uow() as uow:
        client = uow.session.get(ClientRecord, client_id)
        intake = uow.session.get(IntakeRecord, intake_id)
        assert client is not None and intake is not None
        assert client.a_number == "A000000014"
        assert client.name_key == client.name_key.casefold()
        assert intake.primary_nationality == "BY"
        assert intake.last_entry_lo is not None and intake.last_entry_lo.isoformat() == "2025-02-10"
        assert intake.intake_date is not None


def test_flags_round_trip_and_are_replaced(store: Store, scenario: Scenario,
                                           screening: ScreeningResult) -> None:
    _, intake_id = _import(store, scenario("s05"), screening)
    with store.uow() as uow:
        assert uow.flags.for_intake(intake_id) == screening
        stored = uow.intakes.get(intake_id)
        assert stored is not None
        assert stored.flags == screening.flags
        assert stored.rule_pack_version == "2026.06.25"

    rescreened = replace(screening, flags=screening.flags[1:], not_applicable=())
    with store.uow() as uow:
        uow.flags.replace_for_intake(intake_id, rescreened)
    with store.uow() as uow:
        assert uow.flags.for_intake(intake_id) == rescreened
        stored = uow.intakes.get(intake_id)

    assert _rows(store, FlagRecord) == 2
    # Re-screening is not an edit: an attorney's open copy of the intake is still current.
    assert stored is not None and stored.version == 1


def test_an_unscreened_intake_has_no_screening(store: Store, scenario: Scenario) -> None:
    _, intake_id = _import(store, scenario("s05"))
    with store.uow() as uow:
        assert uow.flags.for_intake(intake_id) is None
        assert uow.flags.for_intake("no-such-intake") is None
        assert uow.intakes.get("no-such-intake") is None


def test_iter_latest_streams_the_newest_intake_of_each_client(
        store: Store, scenario: Scenario, screening: ScreeningResult) -> None:
    a, _ = _import(store, scenario("s01"), screening)
    b, _ = _import(store, scenario("s02"))
    newer = IntakeDocument({**scenario("s01").facts, "notes": "second visit"})
    with store.uow() as uow:
        newest_a = uow.intakes.add(a, newer, status="draft")

    with store.uow() as uow:
        latest = list(uow.intakes.iter_latest())

    assert [s.client_id for s in latest] == [a, b]
    assert latest[0].intake_id == newest_a
    assert latest[0].status is IntakeStatus.DRAFT
    assert latest[0].document.facts["notes"] == "second visit"


def test_a_failed_unit_of_work_stores_nothing(store: Store, scenario: Scenario) -> None:
    with pytest.raises(RuntimeError, match="boom"), store.uow() as uow:
        client_id = uow.clients.add(scenario("s01"))
        uow.intakes.add(client_id, scenario("s01"))
        uow.audit.record("intake.imported", entity="intake", entity_id="x")
        raise RuntimeError("boom")

    with store.uow() as uow:
        assert uow.clients.count() == 0
    assert _rows(store, IntakeRecord) == 0
    assert _rows(store, AuditEventRecord) == 0


def test_a_database_error_rolls_back_and_becomes_a_store_error(store: Store,
                                                               scenario: Scenario) -> None:
    with pytest.raises(StoreError, match="FOREIGN KEY"), store.uow() as uow:
        uow.clients.add(scenario("s01"))
        uow.session.add(FlagRecord(intake_id="missing", position=0, flag_id="X", level="check",
                                   policy="p", title="t", reason="r", facts=[], sources=[],
                                   rule_pack_id="p", rule_pack_version="1",
                                   as_of=date(2026, 7, 1)))
        uow.session.flush()
    with store.uow() as uow:
        assert uow.clients.count() == 0


def test_unknown_ids_raise_not_found(store: Store, scenario: Scenario,
                                     screening: ScreeningResult) -> None:
    with pytest.raises(NotFound), store.uow() as uow:
        uow.intakes.add("no-such-client", scenario("s01"))
    with pytest.raises(NotFound), store.uow() as uow:
        uow.flags.replace_for_intake("no-such-intake", screening)


def test_repositories_cannot_be_used_after_the_block(store: Store) -> None:
    uow = store.uow()
    with uow:
        pass
    with pytest.raises(AttributeError):
        uow.clients.count()
    with pytest.raises(RuntimeError):
        _ = uow.session


def test_optimistic_locking_refuses_a_save_over_a_newer_one(store: Store,
                                                           scenario: Scenario) -> None:
    _, intake_id = _import(store, scenario("s10"))
    with store.uow() as uow:  # two people open the same intake
        opened_by_a = uow.intakes.get(intake_id)
    with store.uow() as uow:
        opened_by_b = uow.intakes.get(intake_id)
    assert opened_by_a is not None and opened_by_b is not None

    edit_a = IntakeDocument({**opened_by_a.document.facts, "notes": "A"})
    edit_b = IntakeDocument({**opened_by_b.document.facts, "notes": "B"})
    with store.uow() as uow:
        assert _save(uow, intake_id, edit_a, opened_by_a.version) == 2
    with pytest.raises(ConcurrentChangeError) as raised, store.uow() as uow:
        _save(uow, intake_id, edit_b, opened_by_b.version)
    with pytest.raises(ConcurrentChangeError), store.uow() as uow:  # even a save of no change
        _save(uow, intake_id, opened_by_b.document, opened_by_b.version)

    assert isinstance(raised.value, StoreError)
    with store.uow() as uow:
        stored = uow.intakes.get(intake_id)
    assert stored is not None and stored.document.facts["notes"] == "A" and stored.version == 2


def test_a_write_between_read_and_update_is_caught_by_the_version_column(
        store: Store, scenario: Scenario) -> None:
    """What PostgreSQL's READ COMMITTED allows: another seat commits between our read and write."""
    _, intake_id = _import(store, scenario("s10"))
    edited = IntakeDocument({**scenario("s10").facts, "notes": "edited"})
    with pytest.raises(ConcurrentChangeError) as raised, store.uow() as uow:
        held = uow.session.get(IntakeRecord, intake_id)  # read at version 1 and kept
        assert held is not None and held.version_id == 1
        uow.session.execute(text("UPDATE intakes SET version_id = 2 WHERE id = :id"),
                            {"id": intake_id})  # the other seat's write, bypassing the ORM
        _save(uow, intake_id, edited, 1)
    assert isinstance(raised.value.__cause__, StaleDataError)


def test_two_sessions_updating_the_same_intake_raise_stale_data(store: Store,
                                                                 scenario: Scenario) -> None:
    """Each session read version 1 in its own, finished transaction; the second write loses."""
    _, intake_id = _import(store, scenario("s10"))
    first = store.sessions(expire_on_commit=False)
    second = store.sessions(expire_on_commit=False)
    try:
        a = first.get(IntakeRecord, intake_id)
        b = second.get(IntakeRecord, intake_id)
        assert a is not None and b is not None
        first.commit()
        second.commit()
        a.status = "draft"
        first.commit()
        b.checklist_version = "2026-07"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()


def test_overlapping_units_of_work_on_one_intake_conflict(store: Store,
                                                          scenario: Scenario) -> None:
    """SQLite: a transaction that read before another committed cannot write (busy snapshot)."""
    _, intake_id = _import(store, scenario("s10"))
    document = scenario("s10")
    with pytest.raises(ConcurrentChangeError), store.uow() as slow:
        assert slow.intakes.get(intake_id) is not None
        with store.uow() as fast:
            _save(fast, intake_id, document, 1, status="draft")
        _save(slow, intake_id, document, 1)
    with store.uow() as uow:
        stored = uow.intakes.get(intake_id)
    assert stored is not None and stored.status is IntakeStatus.DRAFT


def test_audit_events_form_a_hash_chain(store: Store) -> None:
    with store.uow() as uow:
        uow.audit.record("intake.imported", entity="intake", entity_id="i1",
                         detail={"client_id": "c1", "flags": ["ONE-YEAR"]})
        uow.audit.record("intake.exported", entity="intake", entity_id="i1")
    with store.uow(user_id=None) as uow:
        uow.audit.record("client.listed")
        events = uow.session.scalars(select(AuditEventRecord).order_by(AuditEventRecord.id)).all()
        assert [e.action for e in events] == ["intake.imported", "intake.exported",
                                             "client.listed"]
        assert events[0].prev_hash == GENESIS
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
        assert events[0].at.tzinfo is not None
        assert first_broken_link(uow.session) is None

        events[1].detail = {"client_id": "someone else"}
        uow.session.flush()
        assert first_broken_link(uow.session) == events[1].id


def test_the_store_implements_the_core_ports(store: Store) -> None:
    factory: UnitOfWorkFactory = store.uow  # checked by mypy; the core only knows the ports
    with factory() as uow:
        assert uow.clients.count() == 0
