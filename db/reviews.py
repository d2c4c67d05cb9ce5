"""Attorney reviews and deadlines on one session (clinic_app.ports.ReviewRepository,
DeadlineRepository): append-only review rows, deadlines replaced per client."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clinic_app.domain import Deadline, DeadlineKind, Disposition, FlagLevel, FlagReview
from clinic_app.errors import NotFound, StoreError
from db.records import ClientRecord, DeadlineRecord, IntakeRecord, ReviewRecord, UserRecord

# Under SQLite's limit of bound parameters per statement, with room to spare.
_CHUNK = 500


class SqlReviewRepository:
    """Rows are never updated or deleted: the review history is the record of who decided."""

    def __init__(self, session: Session, *, user_id: str | None) -> None:
        self._session = session
        self._user_id = user_id

    def add(self, intake_id: str, flag_id: str | None, disposition: Disposition, note: str, *,
            flag_level: FlagLevel | None = None,
            fact_digests: Mapping[str, str] | None = None) -> FlagReview:
        if self._user_id is None:
            raise StoreError("a review can only be recorded by a signed-in user")
        if self._session.get(IntakeRecord, intake_id) is None:
            raise NotFound(f"no intake with id {intake_id}")
        record = ReviewRecord(intake_id=intake_id, flag_id=flag_id,
                              disposition=Disposition(disposition).value, note=note,
                              user_id=self._user_id,
                              flag_level=flag_level.value if flag_level else None,
                              fact_digests=dict(fact_digests) if fact_digests is not None
                              else None)
        self._session.add(record)
        self._session.flush()
        user = self._session.get(UserRecord, self._user_id)
        return _review(record, _reviewer(user))

    def for_intake(self, intake_id: str) -> list[FlagReview]:
        return self.for_intakes([intake_id]).get(intake_id, [])

    def for_intakes(self, intake_ids: Sequence[str]) -> dict[str, list[FlagReview]]:
        out: dict[str, list[FlagReview]] = {}
        ids = list(dict.fromkeys(intake_ids))
        for start in range(0, len(ids), _CHUNK):
            stmt = (select(ReviewRecord, UserRecord)
                    .join(UserRecord, UserRecord.id == ReviewRecord.user_id, isouter=True)
                    .where(ReviewRecord.intake_id.in_(ids[start:start + _CHUNK]))
                    .order_by(ReviewRecord.created_at, ReviewRecord.id))
            for record, user in self._session.execute(stmt):
                out.setdefault(record.intake_id, []).append(_review(record, _reviewer(user)))
        return out


def _reviewer(user: UserRecord | None) -> str:
    if user is None:
        return ""
    return user.display_name or user.username


def _review(record: ReviewRecord, reviewer: str) -> FlagReview:
    digests: dict[str, Any] = record.fact_digests or {}
    return FlagReview(
        intake_id=record.intake_id, flag_id=record.flag_id,
        disposition=Disposition(record.disposition), note=record.note, reviewer=reviewer,
        decided_at=record.created_at,
        flag_level=FlagLevel(record.flag_level) if record.flag_level else None,
        fact_digests={str(k): str(v) for k, v in digests.items()}, review_id=record.id)


class SqlDeadlineRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace_for_client(self, client_id: str, intake_id: str,
                           deadlines: Sequence[Deadline]) -> None:
        """The client's deadlines become these (older intakes' deadlines go too)."""
        self._session.execute(delete(DeadlineRecord).where(DeadlineRecord.client_id == client_id))
        self._session.add_all(
            DeadlineRecord(client_id=client_id, intake_id=intake_id, kind=d.kind.value,
                           due=d.due, latest=d.latest, uncertain=d.uncertain, label=d.label,
                           facts=list(d.facts), basis=d.basis[:40], detail=d.detail[:80])
            for d in deadlines)
        self._session.flush()

    def all(self) -> list[Deadline]:
        stmt = (select(DeadlineRecord, ClientRecord.given_names, ClientRecord.family_names)
                .join(ClientRecord, ClientRecord.id == DeadlineRecord.client_id)
                .order_by(DeadlineRecord.due, DeadlineRecord.id))
        out = []
        for record, given, family in self._session.execute(stmt):
            name = " ".join(p for p in (given, family) if p)
            out.append(Deadline(
                kind=DeadlineKind(record.kind), due=record.due, latest=record.latest,
                label=record.label, facts=tuple(record.facts), uncertain=record.uncertain,
                client_id=record.client_id, intake_id=record.intake_id, basis=record.basis,
                detail=record.detail, client_name=name))
        return out
