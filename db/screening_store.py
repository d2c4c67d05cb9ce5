"""Stored screenings in bulk (clinic_app.ports.ScreeningStore) and the re-screen change log.

Re-screening 100,000 intakes must not build 100,000 ORM objects: this module reads and writes
plain rows with SQLAlchemy Core, a few hundred intakes per statement, and writes only what a
re-screen changed: a row whose level, text or position differs, a row added or dropped, the
intake's lists when they differ, and the bookkeeping (pack, fingerprint digest) of every intake
screened. Each batch is one transaction that first takes the write lock (SQLite IMMEDIATE;
PostgreSQL row locks) and checks that no intake changed since it was read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Text, and_, bindparam, cast, delete, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.audit_log import AuditEntry
from clinic_app.domain import (
    Flag,
    FlagLevel,
    IntakeDocument,
    PackFingerprint,
    RulePackInfo,
    ScreeningChange,
)
from clinic_app.rescreening import (
    PROBLEM_MARK,
    RescreenBatch,
    RescreenPlan,
    RescreenResult,
    RescreenTask,
    ScreeningState,
)
from db.audit import SqlAuditTrail
from db.errors import write_error
from db.fingerprints import fingerprints, register_fingerprint
from db.records import ClientRecord, FlagRecord, IntakeRecord, ScreeningChangeRecord

IN_CHUNK = 500  # ids per IN (...) list
RESCREEN_ACTION = "screening.rescreened"

_I = IntakeRecord.__table__
_F = FlagRecord.__table__
_C = ClientRecord.__table__
_X = ScreeningChangeRecord.__table__

__all__ = ["RESCREEN_ACTION", "AuditEntry", "SqlScreeningChangeLog", "SqlScreeningStore"]


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _level(value: str) -> FlagLevel:
    return FlagLevel(value)


class SqlScreeningStore:
    """clinic_app.ports.ScreeningStore over a store's session factory, acting for `user_id`."""

    def __init__(self, sessions: sessionmaker[Session], *, location: str,
                 user_id: str | None = None) -> None:
        self._sessions = sessions
        self._location = location
        self._user_id = user_id

    @contextmanager
    def _read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as err:
            raise write_error(err, self._location) from err
        finally:
            session.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session
            session.commit()
        except SQLAlchemyError as err:
            session.rollback()
            raise write_error(err, self._location) from err
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # -- reading -------------------------------------------------------------------------
    def scan(self) -> list[ScreeningState]:
        problem = cast(_I.c.screening_warnings, Text).like(f"%{PROBLEM_MARK}%")
        stmt = (select(_I.c.id, _I.c.client_id, _I.c.version_id, _I.c.screened_version,
                       _I.c.screened_intake_day, _I.c.screened_as_of, _I.c.screening_digest,
                       _I.c.rule_pack_id, _I.c.rule_pack_version, problem)
                .where(_I.c.status == "complete").order_by(_I.c.id))
        with self._read() as session:
            return [ScreeningState(r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                                   f"{r[7]} {r[8]}" if r[7] else "", bool(r[9]))
                    for r in session.execute(stmt)]

    def fingerprints(self, digests: Collection[str]) -> dict[str, PackFingerprint]:
        with self._read() as session:
            return fingerprints(session, digests)

    def tasks(self, plans: Sequence[RescreenPlan]) -> list[RescreenTask]:
        """Read every intake of `plans` (a batch of a few hundred to a few thousand)."""
        out: list[RescreenTask] = []
        with self._read() as session:
            for chunk in _chunks(plans):
                out += self._tasks(session, chunk)
        return out

    def _tasks(self, session: Session, plans: Sequence[RescreenPlan]) -> list[RescreenTask]:
        ids = [p.state.intake_id for p in plans]
        with_facts = [p.state.intake_id for p in plans if p.reads_facts]
        info: dict[str, tuple[Any, ...]] = {}
        for row in session.execute(
                select(_I.c.id, _C.c.given_names, _C.c.family_names, _I.c.not_applicable,
                       _I.c.screening_warnings).join(_C, _C.c.id == _I.c.client_id)
                .where(_I.c.id.in_(ids))):
            info[row[0]] = tuple(row[1:])
        facts: dict[str, str] = {}
        if with_facts:
            facts = dict(session.execute(select(_I.c.id, _I.c.facts)  # type: ignore[arg-type]
                                         .where(_I.c.id.in_(with_facts))).all())
        stored: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for intake_id, flag_id, level, position in session.execute(
                select(_F.c.intake_id, _F.c.flag_id, _F.c.level, _F.c.position)
                .where(_F.c.intake_id.in_(ids)).order_by(_F.c.intake_id, _F.c.position)):
            stored[intake_id].append((flag_id, level, position))
        contents = self._contents(session, plans)
        out = []
        for plan in plans:
            state = plan.state
            if state.intake_id not in info:
                continue  # deleted since the scan
            given, family, not_applicable, warnings = info[state.intake_id]
            name = IntakeDocument({"client": {"given_names": given,
                                              "family_names": family}}).display_name
            out.append(RescreenTask(
                intake_id=state.intake_id, version=state.version, client_id=state.client_id,
                client_name=name, facts_text=facts.get(state.intake_id, ""),
                evaluate=plan.evaluate, warnings=plan.warnings,
                stored_as_of=state.screened_as_of, stored_pack=state.pack,
                flags=tuple(stored.get(state.intake_id, ())),
                contents=contents.get(state.intake_id, {}),
                not_applicable=tuple(not_applicable or ()),
                stored_warnings=tuple(warnings or ())))
        return out

    def _contents(self, session: Session,
                  plans: Sequence[RescreenPlan]) -> dict[str, dict[str, Flag]]:
        """Stored rows of the flags each plan evaluates (every flag for a full screen)."""
        full = [p.state.intake_id for p in plans if p.evaluate is None]
        partial = [p for p in plans if p.evaluate]
        wanted = {p.state.intake_id: p.evaluate for p in partial}
        flag_ids = sorted({f for p in partial for f in p.evaluate or ()})
        conditions = []
        if full:
            conditions.append(_F.c.intake_id.in_(full))
        if partial:
            conditions.append(and_(_F.c.intake_id.in_(list(wanted)), _F.c.flag_id.in_(flag_ids)))
        out: dict[str, dict[str, Flag]] = defaultdict(dict)
        if not conditions:
            return out
        stmt = select(_F.c.intake_id, _F.c.flag_id, _F.c.title, _F.c.policy, _F.c.level,
                      _F.c.reason, _F.c.facts, _F.c.sources).where(or_(*conditions))
        for intake_id, flag_id, title, policy, level, reason, fact_paths, sources \
                in session.execute(stmt):
            evaluate = wanted.get(intake_id)
            if evaluate is not None and flag_id not in evaluate:
                continue
            out[intake_id][flag_id] = Flag(flag_id, title, policy, _level(level), reason,
                                           tuple(fact_paths or ()), tuple(sources or ()))
        return out

    # -- writing -------------------------------------------------------------------------
    def write(self, batch: RescreenBatch, *, pack: RulePackInfo,
              fingerprint: PackFingerprint) -> frozenset[str]:
        with self._write() as session:
            register_fingerprint(session, fingerprint, pack.label)
            fresh = self._fresh(session, batch.states)
            results = [r for r in batch.results if r.intake_id in fresh]
            self._flag_rows(session, results, pack)
            self._intake_rows(session, results, batch.states, fresh, pack, fingerprint)
            changes = [c for c in batch.changes if c.intake_id in fresh]
            if changes:
                at = _now()
                session.execute(insert(_X), [
                    {"intake_id": c.intake_id, "client_id": c.client_id, "at": at,
                     "user_id": self._user_id, "as_of": c.as_of,
                     "pack_before": c.pack_before[:130], "pack_after": c.pack_after[:130],
                     "detail": c.detail()} for c in changes])
        return frozenset(s.intake_id for s in batch.states if s.intake_id not in fresh)

    def _fresh(self, session: Session, states: Sequence[ScreeningState]) -> set[str]:
        """Intakes still at the version that was read (locked on PostgreSQL)."""
        read = {s.intake_id: s.version for s in states}
        fresh: set[str] = set()
        ids = list(read)
        for chunk in _chunks(ids):
            stmt = select(_I.c.id, _I.c.version_id).where(_I.c.id.in_(chunk))
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update()
            fresh.update(i for i, v in session.execute(stmt) if read[i] == v)
        return fresh

    def _flag_rows(self, session: Session, results: Sequence[RescreenResult],
                   pack: RulePackInfo) -> None:
        current: dict[str, dict[str, tuple[int, str, int]]] = defaultdict(dict)
        ids = [r.intake_id for r in results]
        for chunk in _chunks(ids):
            for row_id, intake_id, flag_id, level, position in session.execute(
                    select(_F.c.id, _F.c.intake_id, _F.c.flag_id, _F.c.level, _F.c.position)
                    .where(_F.c.intake_id.in_(chunk))):
                current[intake_id][flag_id] = (row_id, level, position)
        rewrite: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        inserts: list[dict[str, Any]] = []
        drops: list[int] = []
        for result in results:
            rows = current.get(result.intake_id, {})
            for position, (flag_id, _level_now) in enumerate(result.fired):
                flag = result.rows.get(flag_id)
                have = rows.get(flag_id)
                if flag is not None:
                    values = {"b_level": flag.level.value, "b_title": flag.title,
                              "b_policy": flag.policy, "b_reason": flag.reason,
                              "b_facts": list(flag.facts), "b_sources": list(flag.sources),
                              "b_position": position, "b_as_of": result.as_of}
                    if have is None:
                        inserts.append({"intake_id": result.intake_id, "flag_id": flag_id,
                                        "position": position, "level": flag.level.value,
                                        "title": flag.title, "policy": flag.policy,
                                        "reason": flag.reason, "facts": list(flag.facts),
                                        "sources": list(flag.sources), "as_of": result.as_of,
                                        "rule_pack_id": pack.id,
                                        "rule_pack_version": pack.version})
                    else:
                        rewrite.append({"b_id": have[0], **values})
                elif have is not None and have[2] != position:
                    moves.append({"b_id": have[0], "b_position": position})
            fired = {flag_id for flag_id, _ in result.fired}
            drops += [row_id for flag_id, (row_id, _, _) in rows.items() if flag_id not in fired]
        for chunk in _chunks(drops):
            session.execute(delete(_F).where(_F.c.id.in_(chunk)))
        if rewrite:
            session.execute(
                update(_F).where(_F.c.id == bindparam("b_id")).values(
                    level=bindparam("b_level"), title=bindparam("b_title"),
                    policy=bindparam("b_policy"), reason=bindparam("b_reason"),
                    facts=bindparam("b_facts"), sources=bindparam("b_sources"),
                    position=bindparam("b_position"), as_of=bindparam("b_as_of")), rewrite)
        if moves:
            session.execute(update(_F).where(_F.c.id == bindparam("b_id"))
                            .values(position=bindparam("b_position")), moves)
        if inserts:
            session.execute(insert(_F), inserts)

    def _intake_rows(self, session: Session, results: Sequence[RescreenResult],
                     states: Sequence[ScreeningState], fresh: set[str], pack: RulePackInfo,
                     fingerprint: PackFingerprint) -> None:
        by_id = {r.intake_id: r for r in results}
        lists: list[dict[str, Any]] = []
        bookkeeping: list[dict[str, Any]] = []
        relabel: list[dict[str, Any]] = []
        for state in states:
            if state.intake_id not in fresh:
                continue
            result = by_id.get(state.intake_id)
            if result is not None and (result.full or result.not_applicable is not None
                                       or result.warnings is not None):
                lists.append({
                    "b_id": state.intake_id,
                    "b_na": list(result.not_applicable) if result.not_applicable is not None
                    else None,
                    "b_warnings": list(result.warnings) if result.warnings is not None
                    else None,
                    "b_full": result.full, "b_as_of": result.as_of,
                    "b_day": result.intake_day, "b_version": result.version})
            if state.digest != fingerprint.digest or state.pack != pack.label:
                bookkeeping.append({"b_id": state.intake_id})
            if state.pack != pack.label:
                relabel.append({"b_intake": state.intake_id})
        for row in lists:  # few: intakes whose lists changed or that were screened in full
            values: dict[str, Any] = {}
            if row["b_na"] is not None:
                values["not_applicable"] = row["b_na"]
            if row["b_warnings"] is not None:
                values["screening_warnings"] = row["b_warnings"]
            if row["b_full"]:
                values.update(screened_as_of=row["b_as_of"], screened_version=row["b_version"],
                              screened_intake_day=row["b_day"])
            if values:
                session.execute(update(_I).where(_I.c.id == row["b_id"]).values(**values))
        if bookkeeping:
            session.execute(
                update(_I).where(_I.c.id == bindparam("b_id")).values(
                    screening_digest=fingerprint.digest, rule_pack_id=pack.id,
                    rule_pack_version=pack.version, rule_pack_reviewed=pack.reviewed,
                    rule_pack_sources_as_of=pack.sources_as_of), bookkeeping)
        if relabel:
            session.execute(
                update(_F).where(_F.c.intake_id == bindparam("b_intake")).values(
                    rule_pack_id=pack.id, rule_pack_version=pack.version), relabel)

    def record_run(self, detail: Mapping[str, Any]) -> None:
        with self._write() as session:
            SqlAuditTrail(session, user_id=self._user_id).record(
                RESCREEN_ACTION, entity="rule_pack", entity_id=str(detail.get("pack", "")),
                detail=detail)

    def change_log(self) -> SqlScreeningChangeLog:
        """The change log on a session of its own (one read)."""
        return SqlScreeningChangeLog(self._sessions())


def _now() -> datetime:
    from db.base import utc_now

    return utc_now()


class SqlScreeningChangeLog:
    """clinic_app.ports.ScreeningChangeLog on a session (a unit of work's, or its own)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def for_intake(self, intake_id: str) -> list[ScreeningChange]:
        rows = self._session.execute(
            select(_X, _C.c.given_names, _C.c.family_names)
            .join(_C, _C.c.id == _X.c.client_id)
            .where(_X.c.intake_id == intake_id).order_by(_X.c.at, _X.c.id))
        out = []
        for row in rows:
            added, dropped, changed = ScreeningChange.changes_from_detail(row.detail or {})
            name = IntakeDocument({"client": {"given_names": row.given_names,
                                              "family_names": row.family_names}}).display_name
            out.append(ScreeningChange(row.intake_id, row.client_id, name, row.as_of,
                                       row.pack_before, row.pack_after, added, dropped,
                                       changed, at=row.at))
        return out

    def changed_at(self, intake_id: str) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        for change in self.for_intake(intake_id):
            for flag_id in change.flag_ids:
                if change.at is not None:
                    out[flag_id] = change.at
        return out
