"""How a deadline reads on screen: its kind, how far away it is, and "earliest possible"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from clinic_app.deadlines import Horizon
from clinic_app.domain import Deadline, DeadlineKind


def kind_name(kind: DeadlineKind, detail: str = "") -> str:
    if kind is DeadlineKind.HEARING and detail == "mpp":
        return QCoreApplication.translate("DeadlineWording", "MPP hearing")
    return {
        DeadlineKind.ONE_YEAR: QCoreApplication.translate("DeadlineWording",
                                                          "One-year asylum filing deadline"),
        DeadlineKind.TURNS_18: QCoreApplication.translate("DeadlineWording",
                                                          "Unaccompanied child turns 18"),
        DeadlineKind.PAROLE_END: QCoreApplication.translate("DeadlineWording", "Parole ends"),
        DeadlineKind.HEARING: QCoreApplication.translate("DeadlineWording", "Hearing"),
    }[kind]


def short_kind_name(kind: DeadlineKind, detail: str = "") -> str:
    """For narrow columns: "One-year filing", "Turns 18", "MPP hearing"."""
    if kind is DeadlineKind.HEARING and detail == "mpp":
        return QCoreApplication.translate("DeadlineWording", "MPP hearing")
    return {
        DeadlineKind.ONE_YEAR: QCoreApplication.translate("DeadlineWording", "One-year filing"),
        DeadlineKind.TURNS_18: QCoreApplication.translate("DeadlineWording", "Turns 18"),
        DeadlineKind.PAROLE_END: QCoreApplication.translate("DeadlineWording", "Parole ends"),
        DeadlineKind.HEARING: QCoreApplication.translate("DeadlineWording", "Hearing"),
    }[kind]


def days_text(days: int) -> str:
    """"in 12 days", "today", "3 days overdue"."""
    if days == 0:
        return QCoreApplication.translate("DeadlineWording", "today")
    if days == 1:
        return QCoreApplication.translate("DeadlineWording", "tomorrow")
    if days > 0:
        return QCoreApplication.translate("DeadlineWording", "in {n} days").format(n=days)
    if days == -1:
        return QCoreApplication.translate("DeadlineWording", "1 day overdue")
    return QCoreApplication.translate("DeadlineWording", "{n} days overdue").format(n=-days)


def due_text(deadline: Deadline, today: date) -> str:
    """"2025-12-26 (earliest possible) · 209 days overdue"."""
    text = deadline.due.isoformat()
    if deadline.uncertain:
        text += " " + QCoreApplication.translate("DeadlineWording", "(earliest possible)")
    return f"{text} · {days_text(deadline.days_left(today))}"


def horizon_name(h: Horizon) -> str:
    return {
        Horizon.OVERDUE: QCoreApplication.translate("DeadlineWording", "Overdue"),
        Horizon.WEEK: QCoreApplication.translate("DeadlineWording", "Next 7 days"),
        Horizon.MONTH: QCoreApplication.translate("DeadlineWording", "Next 30 days"),
        Horizon.QUARTER: QCoreApplication.translate("DeadlineWording", "Next 90 days"),
        Horizon.LATER: QCoreApplication.translate("DeadlineWording", "Later"),
    }[h]


def basis_text(d: Deadline) -> str:
    """What the date comes from, in words: "last arrival 2024-12-26..2025-01-31"."""
    if not d.basis:
        return ""
    if d.kind is DeadlineKind.ONE_YEAR:
        text = QCoreApplication.translate("DeadlineWording", "last arrival {date}")
    elif d.kind is DeadlineKind.TURNS_18:
        text = QCoreApplication.translate("DeadlineWording", "born {date}")
    elif d.kind is DeadlineKind.PAROLE_END and d.facts and \
            d.facts[0].endswith("termination_notice_date"):
        text = QCoreApplication.translate("DeadlineWording", "termination notice of {date}")
    elif d.kind is DeadlineKind.PAROLE_END:
        if d.detail:
            text = QCoreApplication.translate("DeadlineWording", "{program} parole until {date}")
        else:
            text = QCoreApplication.translate("DeadlineWording", "parole until {date}")
    else:
        text = QCoreApplication.translate("DeadlineWording", "hearing recorded for {date}")
    return text.format(date=d.basis, program=d.detail)
