"""Attorney review state, derived from stored data: which dispositions still hold, and why not.

Nothing stores "this flag is reviewed". A disposition records the flag's level and a digest of
every fact the flag rested on; it holds while the latest screening raises the same flag at the
same level on the same facts (and, when the re-screening log says so, while no change to that
flag came after it). Anything else re-opens the review and says what changed. Deriving it means
a re-screen by any path (save, import, a new rule pack, the command line) re-opens a review
without having to remember to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from clinic_app.checklist.answers import JSON_NULL, get_answer
from clinic_app.domain import Disposition, Flag, FlagLevel, FlagReview
from clinic_app.errors import ClinicError


class ReviewError(ClinicError):
    """A disposition or sign-off that cannot be recorded as asked (the message says why)."""

    code = "review"


# What an attorney may decide about one flag (the other Disposition values are bookkeeping).
FLAG_DISPOSITIONS = (Disposition.CONFIRMED, Disposition.NOT_APPLICABLE, Disposition.NEEDS_FACTS)


def fingerprint(flag: Flag, facts: Mapping[str, object]) -> dict[str, str]:
    """Fact path -> short digest of the value stored there (absent facts digest as null)."""
    out = {}
    for path in flag.facts:
        try:
            value = get_answer(facts, path)
        except ValueError:
            value = None
        text = json.dumps(None if value is JSON_NULL else value, sort_keys=True,
                          ensure_ascii=False, default=str)
        out[path] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return out


def basis_token(flag: Flag, digests: Mapping[str, str]) -> str:
    """One string for "the flag as the attorney saw it", to refuse a decision on a stale view."""
    text = json.dumps([flag.id, flag.level.value, sorted(digests.items())])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class FlagChange:
    """What differs between a flag as decided and as screened now."""

    level_before: FlagLevel | None
    level_now: FlagLevel
    added: tuple[str, ...] = ()  # fact paths the flag rests on now but did not then
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()  # same path, different value
    rescreened_at: datetime | None = None  # the re-screening log recorded a change then

    @property
    def changed(self) -> bool:
        return bool(self.level_before not in (None, self.level_now) or self.added
                    or self.removed or self.edited or self.rescreened_at)

    def describe(self) -> str:
        """English, for the audit trail and the re-open note (the ui words it itself)."""
        parts = []
        if self.level_before is not None and self.level_before != self.level_now:
            parts.append(f"level {self.level_before.value} -> {self.level_now.value}")
        for label, paths in (("new facts", self.added), ("facts no longer behind it",
                                                         self.removed),
                             ("facts edited", self.edited)):
            if paths:
                parts.append(f"{label}: {', '.join(paths)}")
        if self.rescreened_at is not None and not parts:
            parts.append(f"re-screened {self.rescreened_at:%Y-%m-%d %H:%M} UTC")
        return "; ".join(parts) or "no change"


def flag_change(decided: FlagReview, flag: Flag, digests: Mapping[str, str],
                rescreened_at: datetime | None = None) -> FlagChange:
    before = decided.fact_digests
    later = rescreened_at if rescreened_at and rescreened_at > decided.decided_at else None
    return FlagChange(
        level_before=decided.flag_level, level_now=flag.level,
        added=tuple(p for p in digests if p not in before),
        removed=tuple(p for p in before if p not in digests),
        edited=tuple(p for p in digests if p in before and before[p] != digests[p]),
        rescreened_at=later)


@dataclass(frozen=True)
class FlagReviewState:
    """One current flag and where its review stands."""

    flag: Flag
    digests: Mapping[str, str]
    current: FlagReview | None = None  # the disposition that still holds
    last: FlagReview | None = None  # the latest disposition, held or not
    change: FlagChange | None = None  # why `last` no longer holds
    history: tuple[FlagReview, ...] = ()  # this flag's rows, newest first

    @property
    def reviewed(self) -> bool:
        return self.current is not None

    @property
    def reopened(self) -> bool:
        return self.last is not None and self.current is None

    @property
    def basis(self) -> str:
        return basis_token(self.flag, self.digests)


@dataclass(frozen=True)
class ReviewState:
    """Every current flag of one intake with its review, the sign-off, and the whole history."""

    intake_id: str
    flags: tuple[FlagReviewState, ...]
    sign_off: FlagReview | None = None  # the sign-off that still holds
    history: tuple[FlagReview, ...] = field(default=())  # every row, newest first

    @property
    def unreviewed(self) -> tuple[FlagReviewState, ...]:
        return tuple(s for s in self.flags if not s.reviewed)

    @property
    def reopened(self) -> tuple[FlagReviewState, ...]:
        return tuple(s for s in self.flags if s.reopened)

    @property
    def can_sign_off(self) -> bool:
        return not self.unreviewed and self.sign_off is None

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None

    def flag(self, flag_id: str) -> FlagReviewState | None:
        return next((s for s in self.flags if s.flag.id == flag_id), None)


def _order(review: FlagReview) -> tuple[datetime, int]:
    return review.decided_at, review.review_id


def review_state(intake_id: str, flags: Iterable[Flag], reviews: Sequence[FlagReview],
                 facts: Mapping[str, object], *,
                 changed_at: Mapping[str, datetime] | None = None) -> ReviewState:
    """Derive the review of `flags` (the latest screening) from every stored review row.

    `changed_at` maps a flag id to the time of the latest re-screening change affecting it,
    when a re-screening log is kept; fingerprints catch changes without one.
    """
    rows = sorted(reviews, key=_order)
    states = []
    for flag in flags:
        digests = fingerprint(flag, facts)
        mine = [r for r in rows if r.flag_id == flag.id]
        decided = [r for r in mine if r.disposition in FLAG_DISPOSITIONS]
        last = decided[-1] if decided else None
        current, change = None, None
        if last is not None:
            change = flag_change(last, flag, digests, (changed_at or {}).get(flag.id))
            reopened_later = any(r.disposition is Disposition.REOPENED
                                 and _order(r) > _order(last) for r in mine)
            if not change.changed and not reopened_later:
                current, change = last, None
        states.append(FlagReviewState(flag, digests, current, last, change,
                                      tuple(reversed(mine))))
    state = ReviewState(intake_id, tuple(states), None, tuple(reversed(rows)))
    sign_offs = [r for r in rows if r.flag_id is None and r.disposition is Disposition.SIGNED_OFF]
    if sign_offs and not state.unreviewed:
        last_sign_off = sign_offs[-1]
        newer = [r for r in rows if r.flag_id is not None and _order(r) > _order(last_sign_off)]
        if not newer:
            return ReviewState(intake_id, state.flags, last_sign_off, state.history)
    return state
