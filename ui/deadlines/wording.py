"""How a deadline reads on screen: its kind, how far away it is, and "earliest possible"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from clinic_app.deadlines import Horizon
from clinic_app.domain import Deadline, DeadlineKind


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeadlineWording", text)


def kind_name(kind: DeadlineKind, detail: str = "") -> str:
    if kind is DeadlineKind.HEARING and detail == "mpp":
        return _tr("MPP hearing")
    return {
        DeadlineKind.ONE_YEAR: _tr("One-year asylum filing deadline"),
        DeadlineKind.TURNS_18: _tr("Unaccompanied child turns 18"),
        DeadlineKind.PAROLE_END: _tr("Parole ends"),
        DeadlineKind.HEARING: _tr("Hearing"),
    }[kind]


def short_kind_name(kind: DeadlineKind, detail: str = "") -> str:
    """For narrow columns: "One-year filing", "Turns 18", "MPP hearing"."""
    if kind is DeadlineKind.HEARING and detail == "mpp":
        return _tr("MPP hearing")
    return {
        DeadlineKind.ONE_YEAR: _tr("One-year filing"),
        DeadlineKind.TURNS_18: _tr("Turns 18"),
        DeadlineKind.PAROLE_END: _tr("Parole ends"),
        DeadlineKind.HEARING: _tr("Hearing"),
    }[kind]


def days_text(days: int) -> str:
    """"in 12 days", "today", "3 days overdue"."""
    if days == 0:
        return _tr("today")
    if days == 1:
        return _tr("tomorrow")
    if days > 0:
        return _tr("in {n} days").format(n=days)
    if days == -1:
        return _tr("1 day overdue")
    return _tr("{n} days overdue").format(n=-days)


def due_text(deadline: Deadline, today: date) -> str:
    """"2025-12-26 (earliest possible) · 209 days overdue"."""
    text = deadline.due.isoformat()
    if deadline.uncertain:
        text += " " + _tr("(earliest possible)")
    return f"{text} · {days_text(deadline.days_left(today))}"


def horizon_name(h: Horizon) -> str:
    return {
        Horizon.OVERDUE: _tr("Overdue"),
        Horizon.WEEK: _tr("Next 7 days"),
        Horizon.MONTH: _tr("Next 30 days"),
        Horizon.QUARTER: _tr("Next 90 days"),
        Horizon.LATER: _tr("Later"),
    }[h]


def basis_text(d: Deadline) -> str:
    """What the date comes from, in words: "last arrival 2024-12-26..2025-01-31"."""
    if not d.basis:
        return ""
    if d.kind is DeadlineKind.ONE_YEAR:
        text = _tr("last arrival {date}")
    elif d.kind is DeadlineKind.TURNS_18:
        text = _tr("born {date}")
    elif d.kind is DeadlineKind.PAROLE_END and d.facts and \
            d.facts[0].endswith("termination_notice_date"):
        text = _tr("termination notice of {date}")
    elif d.kind is DeadlineKind.PAROLE_END:
        text = _tr("{program} parole until {date}") if d.detail else _tr("parole until {date}")
    else:
        text = _tr("hearing recorded for {date}")
    return text.format(date=d.basis, program=d.detail)
