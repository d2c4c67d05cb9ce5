"""SqlUnitOfWork: one session and one transaction per user action (clinic_app.ports.UnitOfWork)."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.ports import (
    AuditLog,
    AuditTrail,
    ClientRepository,
    DeadlineRepository,
    FlagRepository,
    IntakeRepository,
    ReviewRepository,
    ScreeningChangeLog,
    SettingsRepository,
    UserRepository,
)
from db.audit import AnchorSource, SqlAuditTrail
from db.errors import write_error
from db.repositories import SqlClientRepository, SqlFlagRepository, SqlIntakeRepository
from db.reviews import SqlDeadlineRepository, SqlReviewRepository
from db.screening_store import SqlScreeningChangeLog
from db.users import SqlSettingsRepository, SqlUserRepository


class SqlUnitOfWork:
    """`with uow:` begins; leaving the block commits, or rolls back if it raised.

    Repositories share the session and never commit, so a failed action stores nothing.
    Database errors leave as StoreError (ConcurrentChangeError for an optimistic-lock conflict).
    """

    # Typed as the ports (protocol attributes are invariant); the objects are the Sql* classes.
    clients: ClientRepository
    intakes: IntakeRepository
    flags: FlagRepository
    audit: AuditTrail
    audit_log: AuditLog
    users: UserRepository
    settings: SettingsRepository
    reviews: ReviewRepository
    deadlines: DeadlineRepository
    screening_changes: ScreeningChangeLog

    def __init__(self, sessions: sessionmaker[Session], *, location: str,
                 user_id: str | None = None, anchor: AnchorSource | None = None) -> None:
        self._sessions = sessions
        self._location = location
        self._anchor = anchor
        self.user_id = user_id
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The open session, for db-internal code that needs more than the ports offer."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use `with uow:`")
        return self._session

    def __enter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("a unit of work cannot be entered twice")
        session = self._sessions()
        session.begin()
        self._session = session
        self.clients = SqlClientRepository(session)
        self.intakes = SqlIntakeRepository(session)
        self.flags = SqlFlagRepository(session)
        self.audit = self.audit_log = SqlAuditTrail(session, user_id=self.user_id,
                                                    anchor=self._anchor)
        self.users = SqlUserRepository(session)
        self.settings = SqlSettingsRepository(session)
        self.reviews = SqlReviewRepository(session, user_id=self.user_id)
        self.deadlines = SqlDeadlineRepository(session)
        self.screening_changes = SqlScreeningChangeLog(session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        session, self._session = self.session, None
        try:
            if exc is not None:
                session.rollback()
                if isinstance(exc, SQLAlchemyError):
                    raise write_error(exc, self._location) from exc
                return
            try:
                session.commit()
            except SQLAlchemyError as err:
                session.rollback()
                raise write_error(err, self._location) from err
        finally:
            session.close()
            # A repository used after the block would silently start a transaction nobody commits.
            del self.clients, self.intakes, self.flags, self.audit, self.audit_log
            del self.users, self.settings, self.reviews, self.deadlines, self.screening_changes
