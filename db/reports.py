"""Manager reports counted by the database (clinic_app.ports.ReportSource).

Every count is a GROUP BY over indexed columns (flags.flag_id, flags.level, intakes.intake_date,
intakes.primary_nationality) of one derived table: the newest intake of each client taken in the
period. Age bands and review status are SQL expressions too, so 100,000 intakes cost a handful of
queries and no Python objects per intake. Names and A-numbers are selected only for an
identified report.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy import Integer, Select, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from clinic_app.domain import Disposition
from clinic_app.reports import (
    AGE_BANDS,
    UNKNOWN,
    CaseloadCounts,
    CaseRow,
    FlagCount,
    FlagRow,
    Period,
    ReviewStatus,
)
from db.errors import write_error
from db.records import ClientRecord, FlagRecord, IntakeRecord, ReviewRecord

REOPENED = Disposition.REOPENED.value
SIGNED_OFF = Disposition.SIGNED_OFF.value


class SqlReportSource:
    """Reads in its own short session (a report is a read, never part of a user's edit)."""

    def __init__(self, sessions: sessionmaker[Session], *, location: str = "") -> None:
        self._sessions = sessions
        self._location = location

    def caseload(self, period: Period) -> CaseloadCounts:
        with self._read() as session:
            cases = _cases(session, period).subquery("cases")
            flags = (select(FlagRecord.flag_id, FlagRecord.level, FlagRecord.policy,
                            FlagRecord.title, FlagRecord.intake_id)
                     .join(cases, cases.c.id == FlagRecord.intake_id).subquery("f"))
            return CaseloadCounts(
                intakes=session.scalar(select(func.count()).select_from(cases)) or 0,
                by_flag=tuple(
                    FlagCount(r[0], r[2] or r[0], r[1], r[3]) for r in session.execute(
                        select(flags.c.flag_id, flags.c.level, func.max(flags.c.title),
                               func.count()).group_by(flags.c.flag_id, flags.c.level))),
                by_policy=_pairs(session, select(flags.c.policy,
                                                 func.count(flags.c.intake_id.distinct()))
                                 .group_by(flags.c.policy)),
                by_day=tuple((r[0], r[1]) for r in session.execute(
                    select(cases.c.intake_date, func.count()).group_by(cases.c.intake_date))),
                by_nationality=tuple((r[0], r[1]) for r in session.execute(
                    select(cases.c.nationality, func.count()).group_by(cases.c.nationality))),
                by_review_status=_pairs(session, _grouped(cases, cases.c.review_status)),
                by_age_band=_pairs(session, _grouped(cases, cases.c.age_band)),
            )

    def flag_rows(self, period: Period, *, identified: bool) -> list[FlagRow]:
        with self._read() as session:
            cases = _cases(session, period, identified=identified).subquery("cases")
            stmt = (select(FlagRecord.flag_id, FlagRecord.level, FlagRecord.policy,
                           FlagRecord.title, cases)
                    .join(cases, cases.c.id == FlagRecord.intake_id)
                    .order_by(cases.c.id, FlagRecord.position))
            out = []
            for row in session.execute(stmt):
                m: Any = row._mapping
                case_row = CaseRow(
                    intake_id=m["id"], intake_date=m["intake_date"], nationality=m["nationality"],
                    age_band=m["age_band"], review_status=m["review_status"],
                    client_id=m["client_id"] if identified else "",
                    name=_name(m) if identified else "",
                    a_number=(m["a_number"] or "") if identified else "")
                out.append(FlagRow(case_row, m["flag_id"], m["level"], m["policy"], m["title"]))
            return out

    def _read(self) -> _ReadSession:
        return _ReadSession(self._sessions, self._location)


class _ReadSession:
    """A session for one report; database errors leave as StoreError (plain words)."""

    def __init__(self, sessions: sessionmaker[Session], location: str) -> None:
        self._sessions = sessions
        self._location = location
        self._session: Session | None = None

    def __enter__(self) -> Session:
        self._session = self._sessions()
        return self._session

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        session, self._session = self._session, None
        assert session is not None
        session.rollback()  # a read: nothing to keep
        session.close()
        if isinstance(exc, SQLAlchemyError):
            raise write_error(exc, self._location) from exc


def _cases(session: Session, period: Period, *, identified: bool = False) -> Select[Any]:
    """The newest intake of each client whose intake date falls in `period`, with its age band
    and review status computed in SQL."""
    newest = (select(IntakeRecord.client_id, func.max(IntakeRecord.ordinal).label("ordinal"))
              .group_by(IntakeRecord.client_id).subquery("newest"))
    columns: list[Any] = [
        IntakeRecord.id, IntakeRecord.client_id, IntakeRecord.intake_date,
        IntakeRecord.primary_nationality.label("nationality"),
        _age_band(session, ClientRecord.date_of_birth, IntakeRecord.intake_date).label("age_band"),
        _review_status(IntakeRecord.id).label("review_status"),
    ]
    if identified:
        columns += [ClientRecord.given_names, ClientRecord.family_names, ClientRecord.a_number]
    stmt = (select(*columns)
            .join(newest, and_(newest.c.client_id == IntakeRecord.client_id,
                               newest.c.ordinal == IntakeRecord.ordinal))
            .join(ClientRecord, ClientRecord.id == IntakeRecord.client_id))
    if period.start is not None:
        stmt = stmt.where(IntakeRecord.intake_date >= period.start)
    if period.end is not None:
        stmt = stmt.where(IntakeRecord.intake_date <= period.end)
    return stmt


def _age_band(session: Session, dob: Any, day: Any) -> ColumnElement[str]:
    """Age band on the intake day from a partial birth date, the youngest possible age (as
    clinic_app.reports.age_band): "1991" counts as born on 31 Dec 1991."""
    if session.get_bind().dialect.name == "postgresql":
        year, month_day = cast(func.to_char(day, "YYYY"), Integer), func.to_char(day, "MM-DD")
    else:  # SQLite keeps dates as ISO text
        year, month_day = cast(func.substr(day, 1, 4), Integer), func.substr(day, 6, 5)
    length = func.length(dob)
    last_birthday = case((length == 4, literal("12-31", String)),
                         (length == 7, func.substr(dob, 6, 2) + literal("-31", String)),
                         else_=func.substr(dob, 6, 5))
    age = (year - cast(func.substr(dob, 1, 4), Integer)
           - case((month_day < last_birthday, 1), else_=0))
    whens: list[Any] = [(or_(dob.is_(None), day.is_(None), length.not_in((4, 7, 10))),
                         literal(UNKNOWN, String))]
    whens += [(and_(age >= low, age <= high), literal(label, String))
              for label, low, high in AGE_BANDS]
    return case(*whens, else_=literal(UNKNOWN, String))


def _review_status(intake_id: Any) -> ColumnElement[str]:
    """Where the review of an intake stands: the newest disposition covering each flag (its own,
    or a whole-intake sign-off) counts; a re-open uncovers it again."""
    flag = FlagRecord.__table__.alias("sf")
    review = ReviewRecord.__table__.alias("sr")
    newest_for_flag = (select(review.c.disposition)
                       .where(review.c.intake_id == flag.c.intake_id,
                              or_(review.c.flag_id == flag.c.flag_id, review.c.flag_id.is_(None)))
                       .order_by(review.c.id.desc()).limit(1).scalar_subquery())
    flags = (select(func.count()).select_from(flag).where(flag.c.intake_id == intake_id)
             .scalar_subquery())
    open_flags = (select(func.count()).select_from(flag)
                  .where(flag.c.intake_id == intake_id,
                         func.coalesce(newest_for_flag, REOPENED) == REOPENED)
                  .scalar_subquery())
    sign_off = (select(review.c.disposition)
                .where(review.c.intake_id == intake_id, review.c.flag_id.is_(None))
                .order_by(review.c.id.desc()).limit(1).scalar_subquery())
    return case(
        (flags == 0, literal(ReviewStatus.NO_FLAGS.value, String)),
        (and_(open_flags == 0, sign_off == SIGNED_OFF),
         literal(ReviewStatus.SIGNED_OFF.value, String)),
        (open_flags == 0, literal(ReviewStatus.REVIEWED.value, String)),
        (open_flags == flags, literal(ReviewStatus.NOT_REVIEWED.value, String)),
        else_=literal(ReviewStatus.IN_REVIEW.value, String))


def _grouped(cases: Subquery, column: Any) -> Select[Any]:
    return select(column, func.count()).select_from(cases).group_by(column)


def _pairs(session: Session, stmt: Select[Any]) -> tuple[tuple[str, int], ...]:
    return tuple((str(r[0]) if r[0] is not None else UNKNOWN, int(r[1]))
                 for r in session.execute(stmt))


def _name(m: Any) -> str:
    return " ".join(p for p in (m["given_names"], m["family_names"]) if p)
