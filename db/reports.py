"""Manager reports counted by the database (clinic_app.ports.ReportSource).

One read transaction per report. First the report's cases — the newest intake of each client,
taken in the period — go into a temporary table, read from the covering index
ix_intakes_report alone (the intakes' facts are never touched); every count is then a GROUP BY
over that table or over the covering index ix_flags_report (flag id, level, policy) of its
flags. Age band and review status are SQL expressions. So 100,000 intakes cost a handful of
index scans, no Python object per intake. Names and A-numbers are selected only for an
identified report. The transaction is rolled back at the end, which drops the temporary table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from clinic_app.domain import Disposition
from clinic_app.reports import (
    UNKNOWN,
    CaseloadCounts,
    CaseRow,
    FlagCount,
    FlagRow,
    Period,
    ReviewStatus,
    band_of,
)
from db.errors import write_error
from db.records import ClientRecord, FlagRecord, IntakeRecord, ReviewRecord

REOPENED = Disposition.REOPENED.value
SIGNED_OFF = Disposition.SIGNED_OFF.value

CASES = Table(
    "report_cases", MetaData(),
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36)),
    Column("intake_date", Date),
    Column("nationality", String(2)),
    prefixes=["TEMPORARY"],
)


class SqlReportSource:
    def __init__(self, sessions: sessionmaker[Session], *, location: str = "") -> None:
        self._sessions = sessions
        self._location = location

    def caseload(self, period: Period) -> CaseloadCounts:
        with self._cases(period) as session:
            cases = CASES
            in_cases = FlagRecord.intake_id.in_(select(cases.c.id))
            first = (select(func.min(FlagRecord.id)).group_by(FlagRecord.flag_id))
            titles = {r[0]: r[1] for r in session.execute(
                select(FlagRecord.flag_id, FlagRecord.title).where(FlagRecord.id.in_(first)))}
            by_flag = session.execute(
                select(FlagRecord.flag_id, FlagRecord.level, func.count()).where(in_cases)
                .group_by(FlagRecord.flag_id, FlagRecord.level))
            by_policy = (select(FlagRecord.policy, func.count(FlagRecord.intake_id.distinct()))
                         .where(in_cases).group_by(FlagRecord.policy))
            age = _age(session, ClientRecord.date_of_birth, cases.c.intake_date)
            ages: Counter[str] = Counter()
            for years, count in session.execute(
                    select(age, func.count()).select_from(cases)
                    .join(ClientRecord, ClientRecord.id == cases.c.client_id).group_by(age)):
                ages[_band(years)] += count
            status = _review_status(cases.c.id)
            return CaseloadCounts(
                intakes=session.scalar(select(func.count()).select_from(cases)) or 0,
                by_flag=tuple(FlagCount(f, titles.get(f, f), lvl, n) for f, lvl, n in by_flag),
                by_policy=_pairs(session, by_policy),
                by_day=tuple((r[0], r[1]) for r in session.execute(
                    select(cases.c.intake_date, func.count()).group_by(cases.c.intake_date))),
                by_nationality=tuple((r[0], r[1]) for r in session.execute(
                    select(cases.c.nationality, func.count()).group_by(cases.c.nationality))),
                by_review_status=_pairs(session, select(status, func.count())
                                        .select_from(cases).group_by(status)),
                by_age_band=tuple(ages.items()),
            )

    def flag_rows(self, period: Period, *, identified: bool) -> list[FlagRow]:
        with self._cases(period) as session:
            cases = CASES
            client = aliased(ClientRecord)
            columns: list[Any] = [
                FlagRecord.flag_id, FlagRecord.level, FlagRecord.policy, FlagRecord.title,
                cases.c.id, cases.c.intake_date, cases.c.nationality,
                _age(session, client.date_of_birth, cases.c.intake_date).label("age"),
                _review_status(cases.c.id).label("review_status")]
            if identified:
                columns += [client.id.label("client_id"), client.given_names,
                            client.family_names, client.a_number]
            stmt = (select(*columns).select_from(cases)
                    .join(client, client.id == cases.c.client_id)
                    .join(FlagRecord, FlagRecord.intake_id == cases.c.id)
                    .order_by(cases.c.id, FlagRecord.position))
            out = []
            for row in session.execute(stmt):
                m: Any = row._mapping
                name = " ".join(p for p in (m["given_names"], m["family_names"]) if p) \
                    if identified else ""
                case_row = CaseRow(
                    intake_id=m["id"], intake_date=m["intake_date"], nationality=m["nationality"],
                    age_band=_band(m["age"]), review_status=m["review_status"],
                    client_id=m["client_id"] if identified else "", name=name,
                    a_number=(m["a_number"] or "") if identified else "")
                out.append(FlagRow(case_row, m["flag_id"], m["level"], m["policy"], m["title"]))
            return out

    @contextmanager
    def _cases(self, period: Period) -> Iterator[Session]:
        """A read session holding the report's cases in the temporary table CASES."""
        session = self._sessions()
        try:
            session.begin()
            CASES.create(session.connection())
            session.execute(insert(CASES).from_select(
                ["id", "client_id", "intake_date", "nationality"], _newest(session, period)))
            yield session
        except SQLAlchemyError as err:
            raise write_error(err, self._location) from err
        finally:
            session.rollback()  # a read; also drops the temporary table
            session.close()


def _newest(session: Session, period: Period) -> Select[*tuple[Any, ...]]:
    """The newest intake of each client whose intake date falls in `period`. When every client
    has one intake (the usual case) the newest-intake test is skipped: two counts decide."""
    stmt = select(IntakeRecord.id, IntakeRecord.client_id, IntakeRecord.intake_date,
                  IntakeRecord.primary_nationality)
    intakes = session.scalar(select(func.count()).select_from(IntakeRecord)) or 0
    clients = session.scalar(select(func.count()).select_from(ClientRecord)) or 0
    if intakes != clients:
        newer = aliased(IntakeRecord)
        stmt = stmt.where(~exists().where(newer.client_id == IntakeRecord.client_id,
                                          newer.ordinal > IntakeRecord.ordinal))
    if period.start is not None:
        stmt = stmt.where(IntakeRecord.intake_date >= period.start)
    if period.end is not None:
        stmt = stmt.where(IntakeRecord.intake_date <= period.end)
    return stmt


def _age(session: Session, dob: Any, day: Any) -> ColumnElement[int]:
    """Whole years between a partial birth date and the intake day, the youngest possible age
    (as clinic_app.reports.age_band: "1991" counts as born on 31 Dec 1991); NULL when either is
    missing or malformed. Grouped by in SQL; the few distinct ages become bands in Python."""
    if session.get_bind().dialect.name == "postgresql":
        year, month_day = cast(func.to_char(day, "YYYY"), Integer), func.to_char(day, "MM-DD")
    else:  # SQLite keeps dates as ISO text
        year, month_day = cast(func.substr(day, 1, 4), Integer), func.substr(day, 6, 5)
    length = func.length(dob)
    # "1991" -> "1991-12-31", "1991-04" -> "1991-04-31", a full date stays as it is.
    last_birthday = func.substr(dob + func.substr(literal("-12-31", String), length - 3), 6, 5)
    age = (year - cast(func.substr(dob, 1, 4), Integer)
           - case((month_day < last_birthday, 1), else_=0))
    return case((and_(length.in_((4, 7, 10)), day.is_not(None)), age), else_=None)


def _band(years: int | None) -> str:
    return band_of(years) if years is not None and years >= 0 else UNKNOWN


def _review_status(intake_id: Any) -> ColumnElement[str]:
    """Where the review of an intake stands: the newest disposition covering each flag (its own,
    or a whole-intake sign-off) counts; a re-open uncovers it again. Intakes without flags or
    without any review (most of them) are decided by two index probes."""
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
    any_flag = exists().where(flag.c.intake_id == intake_id)
    any_review = exists().where(review.c.intake_id == intake_id)
    return case(
        (~any_flag, literal(ReviewStatus.NO_FLAGS.value, String)),
        (~any_review, literal(ReviewStatus.NOT_REVIEWED.value, String)),
        (and_(open_flags == 0, sign_off == SIGNED_OFF),
         literal(ReviewStatus.SIGNED_OFF.value, String)),
        (open_flags == 0, literal(ReviewStatus.REVIEWED.value, String)),
        (open_flags == flags, literal(ReviewStatus.NOT_REVIEWED.value, String)),
        else_=literal(ReviewStatus.IN_REVIEW.value, String))


def _pairs(session: Session,
           stmt: Select[*tuple[Any, ...]]) -> tuple[tuple[str, int], ...]:
    return tuple((str(r[0]) if r[0] is not None else UNKNOWN, int(r[1]))
                 for r in session.execute(stmt))
