"""Stored screenings in bulk (clinic_app.ports.ScreeningStore) and the re-screen change log.

Re-screening 100,000 intakes must not build 100,000 ORM objects: this module reads and writes
plain rows with SQLAlchemy Core, a few hundred intakes per statement, and writes only what a
re-screen changed: a row whose level, text or position differs, a row added or dropped, the
intake's lists when they differ, and the bookkeeping (pack, fingerprint digest) of every intake
screened. Each batch is one transaction that first takes the write lock (SQLite IMMEDIATE;
PostgreSQL row locks) and checks that no intake changed since it was read.
"""

from __future__ import annotations

import json
import typing
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from clinic_app.audit_log import AuditAction
from clinic_app.domain import (
    Flag,
    FlagLevel,
    IntakeDocument,
    PackFingerprint,
    RulePackInfo,
    ScreeningChange,
)
from clinic_app.rescreening import (
    RescreenPlan,
    RescreenResult,
    RescreenTask,
    ScreeningState,
)
from db.audit import SqlAuditTrail
from db.base import utc_now
from db.errors import write_error
from db.fingerprints import fingerprints, register_fingerprint
from db.records import (
    ClientRecord,
    FlagRecord,
    IntakeRecord,
    ScreeningChangeRecord,
    ScreeningRecord,
)

IN_CHUNK = 500  # ids per IN (...) list
RESCREEN_ACTION = AuditAction.SCREENING_RESCREENED

_I = typing.cast(Table, IntakeRecord.__table__)
_F = typing.cast(Table, FlagRecord.__table__)
_C = typing.cast(Table, ClientRecord.__table__)
_X = typing.cast(Table, ScreeningChangeRecord.__table__)
_S = typing.cast(Table, ScreeningRecord.__table__)

def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _json(value: Any) -> Any:
    """A JSON column read as text (SQLite) or already decoded (psycopg)."""
    return json.loads(value) if isinstance(value, str) else value


def _name(given: str, family: str) -> str:
    # The one definition of a display name is IntakeDocument's.
    return IntakeDocument({"client": {"given_names": given, "family_names": family}}).display_name


def _flag(r: Any) -> Flag:
    return Flag(r[1], r[3], r[4], FlagLevel(r[5]), r[6], tuple(r[7] or ()), tuple(r[8] or ()))


class _Row(typing.NamedTuple):
    position: int
    flag: Flag


_ROW = (_F.c.intake_id, _F.c.flag_id, _F.c.position, _F.c.title, _F.c.policy, _F.c.level,
        _F.c.reason, _F.c.facts, _F.c.sources)


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
    def _sqlite(self, session: Session) -> bool:
        return session.get_bind().dialect.name == "sqlite"

    def scan(self) -> list[ScreeningState]:
        """Two sequential reads joined here (a join in SQL probes one table per row): the
        intakes' index (never their rows, which hold the facts) and the screenings."""
        with self._read() as session:
            sqlite = self._sqlite(session)
            screenings = {r[0]: r[1:] for r in session.execute(
                select(_S.c.intake_id, _S.c.screened_version, _S.c.intake_day, _S.c.as_of,
                       _S.c.digest, _S.c.rule_pack_id, _S.c.rule_pack_version))}
            if sqlite:   # the index alone (and the rowid each entry carries), never the rows
                rows = session.execute(text(
                    "SELECT id, client_id, version_id, rowid FROM intakes "
                    "INDEXED BY ix_intakes_rescreen WHERE status = 'complete'"))
            else:
                rows = session.execute(select(_I.c.id, _I.c.client_id, _I.c.version_id,
                                              literal_column("0"))
                                       .where(_I.c.status == "complete"))
            states = []
            none = (None, None, None, None, "", "")
            for intake_id, client_id, version, rowid in rows:
                version_then, day, as_of, digest, pack_id, pack_version = \
                    screenings.get(intake_id, none)
                states.append(ScreeningState(
                    intake_id, client_id, version, version_then, day, as_of, digest,
                    f"{pack_id} {pack_version}" if pack_id else "", rowid if sqlite else None))
        # Rows in table order, so each batch of facts is one sequential read.
        states.sort(key=lambda s: (s.row or 0, s.intake_id))
        return states

    def fingerprints(self, digests: Collection[str]) -> dict[str, PackFingerprint]:
        with self._read() as session:
            return fingerprints(session, digests)

    def flag_rows(self, flag_ids: Collection[str]) -> dict[str, dict[str, Flag]]:
        """intake id -> flag id -> stored row, for every stored row of these flags: one pass
        over those rows (by the flag_id index), instead of one index probe per intake."""
        out: dict[str, dict[str, Flag]] = defaultdict(dict)
        if not flag_ids:
            return out
        with self._read() as session:
            for r in session.execute(select(*_ROW).where(_F.c.flag_id.in_(sorted(flag_ids)))):
                out[r[0]][r[1]] = _flag(r)
        return out

    def tasks(self, plans: Sequence[RescreenPlan],
              stored: Mapping[str, Mapping[str, Flag]] | None = None) -> list[RescreenTask]:
        """Read every intake of `plans` (a batch, consecutive in scan order). A partial plan's
        stored rows come from `stored` (`flag_rows`) when given."""
        if not plans:
            return []
        with self._read() as session:
            columns = self._intake_columns(session, plans)
            contents = self._contents(session, [p for p in plans if p.evaluate is None
                                                or (p.evaluate and stored is None)])
        out = []
        for plan in plans:
            state = plan.state
            row = columns.get(state.intake_id)
            if row is None:
                continue  # deleted since the scan
            facts, not_applicable, warnings = row
            na = tuple(not_applicable or ())
            if plan.evaluate is None:
                mine = contents.get(state.intake_id, {})
                rows = {k: v.flag for k, v in mine.items()}
                fired = tuple(r.flag.id for r in sorted(mine.values(), key=lambda r: r.position))
            else:
                if stored is not None:
                    have = stored.get(state.intake_id, {})
                    rows = {k: v for k, v in have.items() if k in plan.evaluate}
                else:
                    rows = {k: v.flag for k, v in contents.get(state.intake_id, {}).items()}
                skip = set(na)
                fired = tuple(f for f in plan.before if f not in skip)
            out.append(RescreenTask(
                intake_id=state.intake_id, version=state.version, client_id=state.client_id,
                facts_text=facts or "", evaluate=plan.evaluate, warnings=plan.warnings,
                stored_as_of=state.screened_as_of, stored_pack=state.pack, fired_before=fired,
                contents=rows, not_applicable=na, stored_warnings=tuple(warnings or ())))
        return out

    def _intake_columns(self, session: Session, plans: Sequence[RescreenPlan]
                        ) -> dict[str, tuple[str | None, Any, Any]]:
        """(facts or None, not_applicable, warnings) per intake; a SQLite batch is read as one
        range of rows in table order (sequential pages: each is decrypted once). The JSON
        lists come as text and are decoded here, the warnings only when they are compared."""
        ids = {p.state.intake_id for p in plans}
        facts = any(p.reads_facts for p in plans)
        warnings = {p.state.intake_id for p in plans if p.evaluate is None or p.warnings}
        columns = [_I.c.id, type_coerce(_I.c.not_applicable, Text),
                   type_coerce(_I.c.screening_warnings, Text)]
        if facts:
            columns.append(_I.c.facts)
        out: dict[str, tuple[str | None, Any, Any]] = {}
        rows = [p.state.row for p in plans if p.state.row is not None]
        if self._sqlite(session) and len(rows) == len(plans):
            rowid: ColumnElement[Any] = literal_column("rowid")
            stmts = [select(*columns).where(rowid >= min(rows), rowid <= max(rows))]
        else:
            stmts = [select(*columns).where(_I.c.id.in_(list(chunk)))
                     for chunk in _chunks(sorted(ids))]
        for stmt in stmts:
            for r in session.execute(stmt):
                intake_id = r[0]
                if intake_id in ids:
                    out[intake_id] = (r[3] if facts else None, _json(r[1]),
                                      _json(r[2]) if intake_id in warnings else None)
        return out

    def _contents(self, session: Session,
                  plans: Sequence[RescreenPlan]) -> dict[str, dict[str, _Row]]:
        """Stored rows of the flags each plan evaluates (every flag for a full screen)."""
        full = [p.state.intake_id for p in plans if p.evaluate is None]
        partial = {p.state.intake_id: p.evaluate for p in plans if p.evaluate}
        flag_ids = sorted({f for ids in partial.values() for f in ids or ()})
        stmts = [select(*_ROW).where(_F.c.intake_id.in_(list(chunk))) for chunk in _chunks(full)]
        # coalesce() keeps the planner on the intake_id index: by flag_id it would visit every
        # row of that flag in the store for each chunk.
        stmts += [select(*_ROW).where(_F.c.intake_id.in_(list(chunk)),
                                      func.coalesce(_F.c.flag_id, "").in_(flag_ids))
                  for chunk in _chunks(sorted(partial))]
        out: dict[str, dict[str, _Row]] = defaultdict(dict)
        for stmt in stmts:
            for r in session.execute(stmt):
                wanted = partial.get(r[0])
                if wanted is not None and r[1] not in wanted:
                    continue
                out[r[0]][r[1]] = _Row(r[2], _flag(r))
        return out

    # -- writing -------------------------------------------------------------------------
    def write(self, results: Sequence[RescreenResult], changes: Sequence[ScreeningChange], *,
              pack: RulePackInfo, fingerprint: PackFingerprint,
              label: Sequence[tuple[str, int]] = ()) -> frozenset[str]:
        if not results and not label:
            return frozenset()
        with self._write() as session:
            register_fingerprint(session, fingerprint, pack.label)
            fresh = self._fresh(session, [(r.intake_id, r.version) for r in results])
            skipped = frozenset(r.intake_id for r in results if r.intake_id not in fresh)
            results = [r for r in results if r.intake_id in fresh]
            self._flag_rows(session, results, pack)
            self._intake_rows(session, results, pack, fingerprint)
            changes = [c for c in changes if c.intake_id in fresh]
            if changes:
                at = utc_now()
                session.execute(insert(_X), [
                    {"intake_id": c.intake_id, "client_id": c.client_id, "at": at,
                     "user_id": self._user_id, "as_of": c.as_of,
                     "pack_before": c.pack_before[:130], "pack_after": c.pack_after[:130],
                     "detail": c.detail()} for c in changes])
            if label:
                self._label(session, label, pack, fingerprint)
        return skipped

    def _label(self, session: Session, scope: Sequence[tuple[str, int]], pack: RulePackInfo,
               fingerprint: PackFingerprint) -> None:
        """Label with `pack` and `fingerprint` the screening of every (intake, version) of
        `scope` that is still the one made from that version: one set-based statement over a
        temporary table of the scope, rewriting only the narrow screenings rows. Flag rows
        keep their own label: a row's rule pack is the pack that last produced its content."""
        session.execute(text("CREATE TEMPORARY TABLE rescreen_scope "
                             "(id VARCHAR(36) PRIMARY KEY, version INTEGER NOT NULL)"))
        try:
            conn = session.connection()
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            # The driver's own executemany: no per-row parameter processing.
            conn.exec_driver_sql(f"INSERT INTO rescreen_scope (id, version) "
                                 f"VALUES ({mark}, {mark})", list(scope))
            label = {"d": fingerprint.digest, "pid": pack.id, "pv": pack.version,
                     "pr": pack.reviewed, "ps": pack.sources_as_of}
            # Only a screening still made from the version that was read: one saved since
            # then (a new screening, or facts changed) keeps what its save stored.
            session.execute(text(
                "UPDATE screenings SET digest = :d, rule_pack_id = :pid, "
                "rule_pack_version = :pv, rule_pack_reviewed = :pr, "
                "rule_pack_sources_as_of = :ps "
                "WHERE (digest IS NULL OR digest <> :d OR rule_pack_id <> :pid "
                "OR rule_pack_version <> :pv OR rule_pack_reviewed <> :pr "
                "OR rule_pack_sources_as_of <> :ps) "
                "AND EXISTS (SELECT 1 FROM rescreen_scope s WHERE s.id = screenings.intake_id "
                "AND s.version = screenings.screened_version)"), label)
        finally:
            session.execute(text("DROP TABLE rescreen_scope"))

    def _fresh(self, session: Session, read: Sequence[tuple[str, int]]) -> set[str]:
        """Intakes still at the version that was read (locked on PostgreSQL)."""
        versions = dict(read)
        fresh: set[str] = set()
        for chunk in _chunks(sorted(versions)):
            stmt = select(_I.c.id, _I.c.version_id).where(_I.c.id.in_(list(chunk)))
            if not self._sqlite(session):
                stmt = stmt.with_for_update()
            fresh.update(i for i, v in session.execute(stmt) if versions[i] == v)
        return fresh

    def _flag_rows(self, session: Session, results: Sequence[RescreenResult],
                   pack: RulePackInfo) -> None:
        current: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
        for chunk in _chunks([r.intake_id for r in results]):
            for row_id, intake_id, flag_id, position in session.execute(
                    select(_F.c.id, _F.c.intake_id, _F.c.flag_id, _F.c.position)
                    .where(_F.c.intake_id.in_(list(chunk)))):
                current[intake_id][flag_id] = (row_id, position)
        rewrite: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        inserts: list[dict[str, Any]] = []
        drops: list[int] = []
        for result in results:
            rows = current.get(result.intake_id, {})
            for position, flag_id in enumerate(result.fired):
                flag = result.rows.get(flag_id)
                have = rows.get(flag_id)
                if flag is not None:
                    values = {"level": flag.level.value, "title": flag.title,
                              "policy": flag.policy, "reason": flag.reason,
                              "facts": list(flag.facts), "sources": list(flag.sources),
                              "position": position, "as_of": result.as_of,
                              "rule_pack_id": pack.id, "rule_pack_version": pack.version}
                    if have is None:
                        inserts.append({"intake_id": result.intake_id, "flag_id": flag_id,
                                        **values})
                    else:
                        rewrite.append({"b_id": have[0],
                                        **{f"b_{k}": v for k, v in values.items()}})
                elif have is not None and have[1] != position:
                    moves.append({"b_id": have[0], "b_position": position})
            fired = set(result.fired)
            drops += [row_id for flag_id, (row_id, _) in rows.items() if flag_id not in fired]
        for chunk in _chunks(drops):
            session.execute(delete(_F).where(_F.c.id.in_(list(chunk))))
        if rewrite:
            names = [k[2:] for k in rewrite[0] if k != "b_id"]
            session.execute(update(_F).where(_F.c.id == bindparam("b_id"))
                            .values(**{n: bindparam(f"b_{n}") for n in names}), rewrite)
        if moves:
            session.execute(update(_F).where(_F.c.id == bindparam("b_id"))
                            .values(position=bindparam("b_position")), moves)
        if inserts:
            session.execute(insert(_F), inserts)

    def _intake_rows(self, session: Session, results: Sequence[RescreenResult],
                     pack: RulePackInfo, fingerprint: PackFingerprint) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        screenings: list[dict[str, Any]] = []
        for result in results:
            values: dict[str, Any] = {}
            if result.not_applicable is not None:
                values["not_applicable"] = list(result.not_applicable)
            if result.warnings is not None:
                values["screening_warnings"] = list(result.warnings)
            if values:
                groups[tuple(sorted(values))].append(
                    {"b_id": result.intake_id, **{f"b_{k}": v for k, v in values.items()}})
            if result.full:
                screenings.append({
                    "intake_id": result.intake_id, "as_of": result.as_of,
                    "rule_pack_id": pack.id, "rule_pack_version": pack.version,
                    "rule_pack_reviewed": pack.reviewed,
                    "rule_pack_sources_as_of": pack.sources_as_of,
                    "digest": None if result.problem else fingerprint.digest,
                    "screened_version": result.version, "intake_day": result.intake_day})
        for columns, rows in groups.items():
            session.execute(update(_I).where(_I.c.id == bindparam("b_id"))
                            .values(**{c: bindparam(f"b_{c}") for c in columns}), rows)
        # A partial result keeps its day and version: `_label` gives it the pack's label.
        for chunk in _chunks([r["intake_id"] for r in screenings]):
            session.execute(delete(_S).where(_S.c.intake_id.in_(list(chunk))))
        if screenings:
            session.execute(insert(_S), screenings)

    def record_run(self, detail: Mapping[str, Any]) -> None:
        with self._write() as session:
            SqlAuditTrail(session, user_id=self._user_id).record(
                RESCREEN_ACTION, entity="rule_pack", entity_id=str(detail.get("pack", "")),
                detail=detail)

    def after_fork(self) -> None:
        engine = self._sessions.kw.get("bind")
        if engine is not None:
            engine.dispose(close=False)   # SQLAlchemy's recipe for a forked child

    def client_names(self, client_ids: Collection[str]) -> dict[str, str]:
        out = {}
        with self._read() as session:
            for chunk in _chunks(sorted(client_ids)):
                for client_id, given, family in session.execute(
                        select(_C.c.id, _C.c.given_names, _C.c.family_names)
                        .where(_C.c.id.in_(list(chunk)))):
                    out[client_id] = _name(given, family)
        return out

    def changes(self, intake_id: str) -> list[ScreeningChange]:
        with self._read() as session:
            return SqlScreeningChangeLog(session).for_intake(intake_id)


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
            name = _name(row.given_names, row.family_names)
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
