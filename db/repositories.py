"""Repositories (clinic_app.ports) on one session: domain dataclasses out, never a commit."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from clinic_app.domain import (
    ClientSummary,
    Flag,
    FlagLevel,
    IntakeDocument,
    IntakeStatus,
    RulePackInfo,
    ScreeningResult,
    StoredIntake,
    own_screening_day,
)
from clinic_app.errors import NotFound
from clinic_app.rescreening import has_problem
from db.base import utc_now
from db.derived import (
    facts_json,
    identity_columns,
    intake_day,
    last_arrival,
    name_key,
    primary_nationality,
)
from db.errors import ConcurrentChangeError
from db.fingerprints import register_fingerprint
from db.records import ClientRecord, FlagRecord, IntakeRecord, ScreeningRecord

STREAM_BATCH = 200


def new_id() -> str:
    return str(uuid.uuid4())


class SqlClientRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, document: IntakeDocument) -> str:
        """Create a client from the identity facts of `document` (a draft's too); return its id."""
        columns = {"given_names": "", "family_names": "", "date_of_birth": None,
                   "nationalities": [], "a_number": None, **identity_columns(document)}
        record = ClientRecord(id=new_id(), **columns,
                              name_key=name_key(columns["given_names"], columns["family_names"]))
        self._session.add(record)
        self._session.flush()  # intakes added next reference it by id, not by relationship
        return record.id

    def update_identity(self, client_id: str, document: IntakeDocument) -> None:
        """Copy identity facts edited in an intake onto the client; unchanged ones are not
        written, so autosaving other answers does not bump the client's version."""
        record = self._session.get(ClientRecord, client_id)
        if record is None:
            raise NotFound(f"no client with id {client_id}")
        changed = False
        for column, value in identity_columns(document).items():
            if getattr(record, column) != value:
                setattr(record, column, value)
                changed = True
        if changed:
            record.name_key = name_key(record.given_names, record.family_names)
            self._session.flush()

    def summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        """Client list rows, most recently updated first, in one query."""
        stmt = _summary_query().order_by(ClientRecord.updated_at.desc(), ClientRecord.id.desc())
        stmt = stmt.offset(offset).limit(limit)
        return [_summary(row) for row in self._session.execute(stmt)]

    def get_summary(self, client_id: str) -> ClientSummary | None:
        row = self._session.execute(_summary_query().where(ClientRecord.id == client_id)).first()
        return _summary(row) if row is not None else None

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(ClientRecord)) or 0


def _summary_query() -> Select[Any]:
    intake = aliased(IntakeRecord)
    newest = (select(func.max(IntakeRecord.ordinal))
              .where(IntakeRecord.client_id == ClientRecord.id)
              .correlate(ClientRecord).scalar_subquery())
    flags = select(func.count(FlagRecord.id)).where(FlagRecord.intake_id == intake.id)
    urgent = flags.where(FlagRecord.level == FlagLevel.URGENT.value)
    return (
        select(ClientRecord.id, ClientRecord.given_names, ClientRecord.family_names,
               ClientRecord.nationalities, ClientRecord.a_number, ClientRecord.updated_at,
               intake.last_entry_text,
               flags.correlate(intake).scalar_subquery().label("flag_count"),
               urgent.correlate(intake).scalar_subquery().label("urgent_count"))
        .outerjoin(intake, (intake.client_id == ClientRecord.id) & (intake.ordinal == newest))
    )


def _summary(row: Any) -> ClientSummary:
    # The one definition of a display name is IntakeDocument's.
    name = IntakeDocument({"client": {"given_names": row.given_names,
                                      "family_names": row.family_names}}).display_name
    return ClientSummary(
        client_id=row.id, display_name=name, nationalities=tuple(row.nationalities or ()),
        last_entry=row.last_entry_text, flag_count=row.flag_count or 0,
        urgent_count=row.urgent_count or 0, a_number=row.a_number, updated_at=row.updated_at)


class SqlIntakeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, client_id: str, document: IntakeDocument, *, status: str = "complete",
            checklist_version: str | None = None) -> str:
        """Store an intake as the client's newest (a draft may be invalid); return its id."""
        if self._session.get(ClientRecord, client_id) is None:
            raise NotFound(f"no client with id {client_id}")
        ordinal = self._session.scalar(
            select(func.coalesce(func.max(IntakeRecord.ordinal), 0))
            .where(IntakeRecord.client_id == client_id)) or 0
        record = IntakeRecord(id=new_id(), client_id=client_id, ordinal=ordinal + 1,
                              status=IntakeStatus(status).value,
                              checklist_version=checklist_version)
        _apply_document(record, document)
        self._session.add(record)
        self._session.flush()
        _touch_client(self._session, client_id)
        return record.id

    def update(self, intake_id: str, document: IntakeDocument, *,
               expected_version: int | None = None, status: str | None = None,
               checklist_version: str | None = None) -> int:
        """Replace an intake's facts; return its new version.

        `expected_version` is the version the user started editing from (StoredIntake.version):
        a save over someone else's newer save raises ConcurrentChangeError instead of silently
        overwriting it. The UPDATE itself matches only the version read here (version_id_col),
        which closes the gap between this read and the write.
        """
        record = self._session.get(IntakeRecord, intake_id)
        if record is None:
            raise NotFound(f"no intake with id {intake_id}")
        if expected_version is not None and record.version_id != expected_version:
            raise _changed_meanwhile(intake_id)
        _apply_document(record, document)
        if status is not None:
            record.status = IntakeStatus(status).value
        if checklist_version is not None:
            record.checklist_version = checklist_version
        try:
            self._session.flush()
        except StaleDataError as err:
            raise _changed_meanwhile(intake_id) from err
        _touch_client(self._session, record.client_id)
        return record.version_id

    def get(self, intake_id: str) -> StoredIntake | None:
        record = self._session.scalar(
            select(IntakeRecord).where(IntakeRecord.id == intake_id)
            .options(selectinload(IntakeRecord.flags)))
        return stored_intake(record) if record is not None else None

    def latest_for_client(self, client_id: str) -> StoredIntake | None:
        record = self._session.scalar(
            select(IntakeRecord).where(IntakeRecord.client_id == client_id)
            .order_by(IntakeRecord.ordinal.desc()).limit(1)
            .options(selectinload(IntakeRecord.flags)))
        return stored_intake(record) if record is not None else None

    def iter_latest(self) -> Iterator[StoredIntake]:
        """The newest intake of every client, oldest client first, streamed in batches.

        Consume it inside the `with uow:` block: rows are fetched as the iterator advances.
        """
        newest = (select(IntakeRecord.client_id, func.max(IntakeRecord.ordinal).label("ordinal"))
                  .group_by(IntakeRecord.client_id).subquery())
        stmt = (
            select(IntakeRecord)
            .join(newest, (IntakeRecord.client_id == newest.c.client_id)
                  & (IntakeRecord.ordinal == newest.c.ordinal))
            .join(ClientRecord, ClientRecord.id == IntakeRecord.client_id)
            .order_by(ClientRecord.created_at, ClientRecord.id)
            .options(selectinload(IntakeRecord.flags))
            .execution_options(yield_per=STREAM_BATCH)
        )
        for record in self._session.scalars(stmt):
            yield stored_intake(record)


def _changed_meanwhile(intake_id: str) -> ConcurrentChangeError:
    return ConcurrentChangeError(f"intake {intake_id} was changed by someone else since it was "
                                 "opened; reload it and make the change again")


def _apply_document(record: IntakeRecord, document: IntakeDocument) -> None:
    arrival = last_arrival(document.events)
    record.format = str(document.facts.get("format", ""))
    record.facts = facts_json(document.facts)
    record.intake_date = intake_day(document)
    record.last_entry_lo = arrival.days.lo if arrival else None
    record.last_entry_text = arrival.text if arrival else None
    record.primary_nationality = primary_nationality(document)


def _touch_client(session: Session, client_id: str) -> None:
    # A plain UPDATE: a new or edited intake moves the client up the list without bumping the
    # client's version (which guards edits of the client's own identity facts).
    session.execute(update(ClientRecord).where(ClientRecord.id == client_id)
                    .values(updated_at=utc_now()))


def stored_intake(record: IntakeRecord) -> StoredIntake:
    return StoredIntake(
        intake_id=record.id, client_id=record.client_id,
        document=IntakeDocument(json.loads(record.facts)), status=IntakeStatus(record.status),
        version=record.version_id, created_at=record.created_at, updated_at=record.updated_at,
        flags=tuple(_flag(f) for f in record.flags),
        rule_pack_version=record.screening.rule_pack_version if record.screening else None,
        checklist_version=record.checklist_version)


def _flag(record: FlagRecord) -> Flag:
    return Flag(id=record.flag_id, title=record.title, policy=record.policy,
                level=FlagLevel(record.level), reason=record.reason, facts=tuple(record.facts),
                sources=tuple(record.sources))


class SqlFlagRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace_for_intake(self, intake_id: str, result: ScreeningResult) -> None:
        """Store a screening's flags for an intake, replacing earlier ones.

        Re-screening is not an edit of the facts, so the intake's version is not bumped (a
        rule-pack update must not make everyone's open intake "changed by someone else").
        """
        row = self._session.execute(select(IntakeRecord.version_id, IntakeRecord.facts)
                                    .where(IntakeRecord.id == intake_id)).first()
        if row is None:
            raise NotFound(f"no intake with id {intake_id}")
        pack = result.rule_pack
        fingerprint = result.fingerprint
        if fingerprint is not None:
            register_fingerprint(self._session, fingerprint, pack.label)
        self._session.execute(
            update(IntakeRecord).where(IntakeRecord.id == intake_id).values(
                not_applicable=list(result.not_applicable),
                screening_warnings=list(result.warnings)))
        self._session.execute(delete(ScreeningRecord)
                              .where(ScreeningRecord.intake_id == intake_id))
        self._session.execute(insert(ScreeningRecord).values(
            intake_id=intake_id, as_of=result.as_of, rule_pack_id=pack.id,
            rule_pack_version=pack.version, rule_pack_reviewed=pack.reviewed,
            rule_pack_sources_as_of=pack.sources_as_of,
            # What the screening was made from, for the next incremental re-screen (a rule
            # that raised makes the next re-screen redo it whole).
            digest=fingerprint.digest if fingerprint is not None
            and not has_problem(result.warnings) else None,
            screened_version=row.version_id,
            intake_day=own_screening_day(json.loads(row.facts))))
        self._session.execute(delete(FlagRecord).where(FlagRecord.intake_id == intake_id))
        self._session.add_all(
            FlagRecord(intake_id=intake_id, position=i, flag_id=f.id, level=f.level.value,
                       policy=f.policy, title=f.title, reason=f.reason, facts=list(f.facts),
                       sources=list(f.sources), rule_pack_id=pack.id,
                       rule_pack_version=pack.version, as_of=result.as_of)
            for i, f in enumerate(result.flags))
        self._session.flush()
        loaded = self._session.identity_map.get(identity_key(IntakeRecord, intake_id))
        if loaded is not None:
            self._session.expire(loaded, ["flags", "screening"])

    def for_intake(self, intake_id: str) -> ScreeningResult | None:
        record = self._session.scalar(
            select(IntakeRecord).where(IntakeRecord.id == intake_id)
            .options(selectinload(IntakeRecord.flags)))
        if record is None or record.screening is None:
            return None
        screening = record.screening
        pack = RulePackInfo(id=screening.rule_pack_id, version=screening.rule_pack_version,
                            reviewed=screening.rule_pack_reviewed,
                            sources_as_of=screening.rule_pack_sources_as_of)
        return ScreeningResult(
            as_of=screening.as_of, rule_pack=pack,
            flags=tuple(_flag(f) for f in record.flags),
            not_applicable=tuple(record.not_applicable or ()),
            warnings=tuple(record.screening_warnings or ()))

