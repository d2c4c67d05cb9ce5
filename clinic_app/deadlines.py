"""Deadlines a clinic must never miss, computed from an intake's facts (pure, no I/O).

The dates come from the same derived view the screening rules read (clinic_app.screening.view:
last arrival, relevant I-589, unaccompanied at an entry, 18th birthday from the earliest possible
date of birth), so a deadline and the ONE-YEAR / UAC-STATUS flags can never disagree about the
facts. flags.md 2.1: `anniversary()` turns 29 February into 28 February and nothing rolls over a
weekend or holiday (the conservative side; the attorney confirms).

A partial, ranged or approximate date gives the *earliest* possible deadline as `due` and the
latest as `latest`, and the deadline says so (`uncertain`): a clinic that works to the earliest
possible day is never late whichever day the client really crossed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any

from clinic_app.dates import anniversary
from clinic_app.domain import Deadline, DeadlineKind
from clinic_app.screening.days import day_of, last_day_of
from clinic_app.screening.view import NO_DAY, EventRecord, IntakeView, build_view

# Screening "as of" plays no part in a deadline's date; any fixed day builds the same view.
_ANY_DAY = date(2000, 1, 1)

# How long a passed deadline stays on the list (days after its latest possible date).
# None: until the facts change. A missed one-year deadline still needs a late filing and an
# exception argued; a lapsed parole leaves the client without status. A hearing or an 18th
# birthday that has passed is only worth a look for a month ("did the client attend?").
KEEP_AFTER_PASSING: Mapping[DeadlineKind, int | None] = {
    DeadlineKind.ONE_YEAR: None,
    DeadlineKind.PAROLE_END: 365,
    DeadlineKind.HEARING: 30,
    DeadlineKind.TURNS_18: 30,
}

EARLIEST_POSSIBLE = "earliest possible"
ONE_YEAR_EXCEPTIONS = ("changed or extraordinary circumstances (8 CFR 208.4(a)(4)-(5)); "
                       "unaccompanied children are exempt (INA 208(a)(2)(E))")

_PROGRAMS = {"cbp_one": "CBP One", "chnv": "CHNV", "mpp_wind_down": "MPP wind-down"}

KIND_TITLES: Mapping[DeadlineKind, str] = {
    DeadlineKind.ONE_YEAR: "One-year asylum filing deadline",
    DeadlineKind.TURNS_18: "Unaccompanied child turns 18",
    DeadlineKind.PAROLE_END: "Parole ends",
    DeadlineKind.HEARING: "Hearing",
}


class Horizon(StrEnum):
    """Where a deadline falls as seen from today: the Deadlines page's groups."""

    OVERDUE = "overdue"
    WEEK = "7"
    MONTH = "30"
    QUARTER = "90"
    LATER = "later"


def horizon(deadline: Deadline, today: date) -> Horizon:
    days = deadline.days_left(today)
    if days < 0:
        return Horizon.OVERDUE
    if days <= 7:
        return Horizon.WEEK
    if days <= 30:
        return Horizon.MONTH
    if days <= 90:
        return Horizon.QUARTER
    return Horizon.LATER


def still_open(deadline: Deadline, today: date) -> bool:
    """False once a passed deadline has stopped being worth a look (KEEP_AFTER_PASSING)."""
    keep = KEEP_AFTER_PASSING[deadline.kind]
    return keep is None or (today - deadline.latest).days <= keep


def within(deadlines: Iterable[Deadline], today: date,
           days: int | None) -> list[Deadline]:
    """Open deadlines due by today + `days` (every open one when None), overdue ones included,
    soonest first."""
    out = [d for d in deadlines if still_open(d, today)
           and (days is None or d.days_left(today) <= days)]
    return sorted(out, key=lambda d: (d.due, d.kind.value, d.client_id, d.facts))


def compute_deadlines(facts: Mapping[str, Any], *, client_id: str = "",
                      intake_id: str = "") -> tuple[Deadline, ...]:
    """Every deadline the facts give, soonest first; never raises for what a draft holds."""
    view = build_view(facts, _ANY_DAY)
    found = [*_one_year(view), *_turns_18(view), *_parole(view), *_hearings(view)]
    stamped = [_stamp(d, client_id, intake_id) for d in found]
    return tuple(sorted(stamped, key=lambda d: (d.due, d.kind.value, d.facts)))


def deadline_uid(deadline: Deadline) -> str:
    """Stable across recomputations (the due day is not part of it), so a corrected date moves
    the calendar event instead of adding a second one."""
    key = "|".join((deadline.client_id, deadline.kind.value, *deadline.facts))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@clinic-intake"


# -- the four kinds ----------------------------------------------------------------------------

def _one_year(view: IntakeView) -> list[Deadline]:
    arrival = view.last_arrival
    v = view.variables
    if arrival is None or view.i589 is not None or v["final_grant"]:
        return []
    if v["entries"][arrival.path]["unaccompanied"]:
        return []  # exempt while a UAC: the 18th birthday is the date to watch (_turns_18)
    days = arrival.days
    # The Eastern-time day never widens the range (flags.md 2.1), but if it is the earlier day
    # the earliest possible deadline follows it.
    first = min(days.lo, days.east) if days.east else days.lo
    uncertain = first != days.hi or days.approximate
    label = (f"{KIND_TITLES[DeadlineKind.ONE_YEAR]} (INA 208(a)(2)(B)) from the last arrival "
             f"({days.recorded}). Exceptions to argue: {ONE_YEAR_EXCEPTIONS}.")
    return [_deadline(DeadlineKind.ONE_YEAR, anniversary(first), anniversary(days.hi), label,
                      (arrival.path,), uncertain, basis=days.recorded)]


def _turns_18(view: IntakeView) -> list[Deadline]:
    v = view.variables
    unaccompanied = [path for path, e in v["entries"].items() if e["unaccompanied"]]
    if not unaccompanied or v["turns_18"] == NO_DAY:
        return []
    client = view.facts.get("client")
    dob = client.get("date_of_birth") if isinstance(client, Mapping) else None
    due, latest = date.fromordinal(v["turns_18"]), date.fromordinal(v["adult_from"])
    label = (f"{KIND_TITLES[DeadlineKind.TURNS_18]} (born {dob}): DHS and EOIR treat UAC status "
             "as ending at 18; file while still a child (one-year exemption, USCIS initial "
             "jurisdiction).")
    return [_deadline(DeadlineKind.TURNS_18, due, latest, label,
                      ("client.date_of_birth", *view.ordered(unaccompanied)), due != latest,
                      basis=str(dob))]


def _parole(view: IntakeView) -> list[Deadline]:
    out = []
    for rec in _of_type(view, "parole"):
        program = _PROGRAMS.get(str(rec.raw.get("program")), "")
        what = f"{program} parole" if program else "parole"
        for key, title in (("until", f"Parole ends ({what})"),
                           ("termination_notice_date",
                            f"Parole termination notice ({what}): parole may end from this day")):
            value = rec.raw.get(key)
            due, latest = day_of(value), last_day_of(value)
            if due is None or latest is None:
                continue
            out.append(_deadline(DeadlineKind.PAROLE_END, due, latest, f"{title}.",
                                 (f"{rec.path}.{key}",), due != latest, basis=str(value),
                                 detail=program))
    return out


def _hearings(view: IntakeView) -> list[Deadline]:
    out = []
    for rec in _of_type(view, "hearing"):
        court = rec.raw.get("court")
        where = f" at {court}" if isinstance(court, str) and court else ""
        mpp = _in_mpp(view, rec)
        title = (f"MPP hearing{where}: the client waits in Mexico and must reach the port of "
                 "entry hours before it" if mpp else f"Immigration court hearing{where}")
        days = rec.days
        out.append(_deadline(DeadlineKind.HEARING, days.lo, days.hi, f"{title}.", (rec.path,),
                             days.lo != days.hi or days.approximate, basis=days.recorded,
                             detail="mpp" if mpp else ""))
    return out


# -- pieces ------------------------------------------------------------------------------------

def _of_type(view: IntakeView, kind: str) -> list[EventRecord]:
    return sorted((r for r in view.records.values() if r.type == kind),
                  key=lambda r: (r.days.lo_n, r.index))


def _in_mpp(view: IntakeView, hearing: EventRecord) -> bool:
    """A hearing while the client waits in Mexico: the last return or entry on or before it is
    an MPP return (an `mpp_return` event, or an entry processed with `mpp_return`)."""
    before = [r for r in view.records.values()
              if r.type in ("entry", "mpp_return") and r.days.lo_n <= hearing.days.lo_n]
    if not before:
        return False
    last = max(before, key=lambda r: (r.days.lo_n, r.days.hi_n, r.type == "mpp_return", r.index))
    processing = last.raw.get("processing")
    return last.type == "mpp_return" or (isinstance(processing, list)
                                         and "mpp_return" in processing)


def _deadline(kind: DeadlineKind, due: date, latest: date, label: str, facts: tuple[str, ...],
              uncertain: bool, *, basis: str = "", detail: str = "") -> Deadline:
    if uncertain:
        label += (f" This is the {EARLIEST_POSSIBLE} date: the recorded date is partial, ranged "
                  f"or approximate (latest possible {latest.isoformat()}).")
    return Deadline(kind=kind, due=due, latest=latest, label=label, facts=facts,
                    uncertain=uncertain, basis=basis, detail=detail)


def _stamp(deadline: Deadline, client_id: str, intake_id: str) -> Deadline:
    return replace(deadline, client_id=client_id, intake_id=intake_id)
