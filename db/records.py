"""ORM records: the tables of a Clinic Intake store. They never leave `db` (repositories map them
to the frozen dataclasses of `clinic_app.domain`).

Every change here needs a new revision in `db/migrations/versions/`; `python -m db.check_migrations`
(run by CI) fails when the two disagree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, utc_now


class ClientRecord(Base):
    """A person the clinic serves; identity facts copied from their intakes for search and lists."""

    __tablename__ = "clients"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    given_names: Mapped[str] = mapped_column(String(200))
    family_names: Mapped[str] = mapped_column(String(200))
    # Accent- and case-folded "given family" (unidecode), so "Jose" finds "José" and "Павел".
    name_key: Mapped[str] = mapped_column(String(400), index=True)
    date_of_birth: Mapped[str | None] = mapped_column(String(10))  # partial dates: 1990, 1990-04
    nationalities: Mapped[list[str]]
    a_number: Mapped[str | None] = mapped_column(String(10), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now, index=True)
    version_id: Mapped[int] = mapped_column(Integer)

    # Optimistic locking: UPDATE ... WHERE version_id = <as read>, else StaleDataError.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class ClientSearchRecord(Base):
    """What the client list searches, filters and sorts on, one row per client.

    Written only by database triggers (db/search_index.py) from clients, intakes, flags and reviews,
    so every writer (repositories, bulk loaders, other seats) keeps it in step. `id` is a stable
    integer: the SQLite FTS5 index of `name_key` refers to it. The counts describe the client's
    newest intake.
    """

    __tablename__ = "client_search"
    __table_args__ = (
        Index("ix_client_search_updated_at", "updated_at", "id"),
        Index("ix_client_search_name_key", "name_key", "id"),
        Index("ix_client_search_a_digits", "a_digits", "id"),
        Index("ix_client_search_last_entry_lo", "last_entry_lo", "id"),
        Index("ix_client_search_urgent", "urgent_count", "flag_count", "id"),
        Index("ix_client_search_unreviewed", "unreviewed_count", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           unique=True)
    name_key: Mapped[str] = mapped_column(String(400))
    a_digits: Mapped[str | None] = mapped_column(String(9))  # zero-padded to nine digits
    updated_at: Mapped[datetime]
    latest_intake_id: Mapped[str | None] = mapped_column(String(36), index=True)
    last_entry_lo: Mapped[date | None] = mapped_column(Date)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    urgent_count: Mapped[int] = mapped_column(Integer, default=0)
    unreviewed_count: Mapped[int] = mapped_column(Integer, default=0)


class IntakeRecord(Base):
    """One intake of a client: the validated facts verbatim plus columns derived for search."""

    __tablename__ = "intakes"
    __table_args__ = (
        UniqueConstraint("client_id", "ordinal"),
        CheckConstraint("status IN ('draft', 'complete')", name="status"),
        # Reports read date, nationality and the newest-intake test from this index alone,
        # never the rows (whose facts spill onto overflow pages); db/reports.py.
        Index("ix_intakes_report", "intake_date", "primary_nationality", "client_id",
              "ordinal", "id"),
        # A re-screen scans these (and, on SQLite, the rowid every index entry carries) and
        # checks versions by id without reading the rows; db/screening_store.py.
        Index("ix_intakes_rescreen", "id", "version_id", "status", "client_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    # 1, 2, 3 ... per client: "latest intake" must not depend on two clocks agreeing.
    ordinal: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    checklist_version: Mapped[str | None] = mapped_column(String(40))
    # json.dumps(ensure_ascii=False), key order as validated: export gives the same document back.
    facts: Mapped[str] = mapped_column(Text)
    intake_date: Mapped[date | None] = mapped_column(Date, index=True)
    last_entry_lo: Mapped[date | None] = mapped_column(Date, index=True)
    last_entry_text: Mapped[str | None] = mapped_column(String(30))
    primary_nationality: Mapped[str | None] = mapped_column(String(2), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    version_id: Mapped[int] = mapped_column(Integer)
    # The latest screening: its day and rule pack are a ScreeningRecord, its flags FlagRecords.
    # Re-screening does not bump version_id.
    not_applicable: Mapped[list[str] | None]
    screening_warnings: Mapped[list[str] | None]

    flags: Mapped[list[FlagRecord]] = relationship(
        order_by="FlagRecord.position", cascade="all, delete-orphan", passive_deletes=True,
        lazy="raise_on_sql")
    screening: Mapped[ScreeningRecord | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="joined")

    # Optimistic locking: UPDATE ... WHERE version_id = <as read>, else StaleDataError.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class ScreeningRecord(Base):
    """An intake's latest screening: the day it is as of, its rule pack, and what it was
    computed from (clinic_app.screening.fingerprint) so that a re-screen evaluates only what
    changed: the intake's version, its own day (NULL: screened as of the day it ran) and the
    pack's fingerprint digest (PackFingerprintRecord; NULL: unknown, or a rule raised).

    A narrow row of its own: labelling 100,000 screenings with a new pack rewrites a few
    megabytes, not every intake's facts.
    """

    __tablename__ = "screenings"

    intake_id: Mapped[str] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"),
                                           primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    rule_pack_id: Mapped[str] = mapped_column(String(80))
    rule_pack_version: Mapped[str] = mapped_column(String(40))
    rule_pack_reviewed: Mapped[str] = mapped_column(String(40))
    rule_pack_sources_as_of: Mapped[str] = mapped_column(String(40))
    digest: Mapped[str | None] = mapped_column(String(64))
    screened_version: Mapped[int] = mapped_column(Integer)
    intake_day: Mapped[date | None] = mapped_column(Date)


class FlagRecord(Base):
    """A flag raised for an intake ("may apply — attorney to review") and its rule pack."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint("level IN ('urgent', 'review', 'check')", name="level"),
        # Covering index for reports: flags of a set of intakes counted by flag, level and
        # policy without reading the rows (their reasons are long); db/reports.py.
        Index("ix_flags_report", "intake_id", "flag_id", "level", "policy"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(Integer)
    flag_id: Mapped[str] = mapped_column(String(60), index=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    policy: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    facts: Mapped[list[str]]
    sources: Mapped[list[str]]
    rule_pack_id: Mapped[str] = mapped_column(String(80))
    rule_pack_version: Mapped[str] = mapped_column(String(40))
    as_of: Mapped[date] = mapped_column(Date)


class UserRecord(Base):
    """A person who signs in; the password hash is Argon2id, the wrapped key opens SQLCipher."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('paralegal', 'attorney', 'manager', 'admin')", name="role"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    wrapped_db_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ReviewRecord(Base):
    """An attorney's disposition of one flag, or of the whole intake when flag_id is None."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"),
                                           index=True)
    flag_id: Mapped[str | None] = mapped_column(String(60))
    disposition: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # The flag as decided: its level and a digest per fact it rested on (clinic_app.review), so
    # a re-screen that changes either re-opens the review. NULL on sign-offs.
    flag_level: Mapped[str | None] = mapped_column(String(10))
    fact_digests: Mapped[dict[str, Any] | None]


class DeadlineRecord(Base):
    """A deadline computed from a client's newest intake (clinic_app.deadlines); replaced
    whenever that intake is saved or screened, so it is never edited by hand."""

    __tablename__ = "deadlines"
    __table_args__ = (
        CheckConstraint("kind IN ('one_year', 'turns_18', 'parole_end', 'hearing')",
                        name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(20))
    due: Mapped[date] = mapped_column(Date, index=True)
    latest: Mapped[date] = mapped_column(Date)
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[str] = mapped_column(Text)
    facts: Mapped[list[str]]
    basis: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(String(80), default="")


class AuditEventRecord(Base):
    """One audit event, chained: hash = sha256(prev_hash + canonical JSON of the row's fields).

    prev_hash is unique so that two writers racing for the tail fail instead of forking the chain.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(80), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


class RulePackRecord(Base):
    """An installed rule pack (verbatim content, detached signature); one version is active."""

    __tablename__ = "rule_packs"
    __table_args__ = (UniqueConstraint("pack_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pack_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))
    installed_at: Mapped[datetime] = mapped_column(default=utc_now)
    content: Mapped[str] = mapped_column(Text)
    signature: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=False)


class ScreeningChangeRecord(Base):
    """What a re-screen changed in an intake's flags: {added, dropped, changed} (the attorney
    review re-opens on it and says what changed). Written by `clinic-intake rescreen`."""

    __tablename__ = "screening_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"),
                                           index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    as_of: Mapped[date] = mapped_column(Date)
    pack_before: Mapped[str] = mapped_column(String(130))
    pack_after: Mapped[str] = mapped_column(String(130))
    detail: Mapped[dict[str, Any]]


class PackFingerprintRecord(Base):
    """Per-flag fingerprints of a rule pack a stored screening was made with, by digest."""

    __tablename__ = "pack_fingerprints"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str] = mapped_column(String(130))
    fingerprints: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class SettingRecord(Base):
    """A clinic-wide setting (shared by every seat), as opposed to per-machine UI preferences."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
