"""Deadlines as an iCalendar file (RFC 5545) that Outlook, Google, Apple and Thunderbird import.

Written by hand rather than with a library: the format needed is small (one all-day VEVENT per
deadline with a reminder), and the runtime needs no extra dependency. Tests parse the output
with the `icalendar` package.

Confidentiality: calendars sync to phones and to cloud services outside the clinic's control,
and a client's name next to "asylum filing deadline" is information about an asylum claim
(8 CFR 208.6). So SUMMARY and DESCRIPTION carry the client's short id and initials, never a name
or an A-number; the id finds the client in Clinic Intake.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from clinic_app.deadlines import EARLIEST_POSSIBLE, KIND_TITLES, deadline_uid
from clinic_app.domain import Deadline

PRODID = "-//Clinic Intake//Deadlines//EN"
REMIND_DAYS_BEFORE = 7
_MAX_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded


def client_initials(name: str) -> str:
    """"M.J.G.P." for "María José González Pérez": enough for staff to tell two clients apart
    on a phone, not enough to name anyone."""
    letters = [w[0].upper() for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(f"{c}." for c in letters[:4])


def client_tag(deadline: Deadline) -> str:
    """"client 3f2a9c1b (M.G.)": what a calendar shows instead of a name."""
    short = deadline.client_id.split("-")[0][:8] or "?"
    initials = client_initials(deadline.client_name)
    return f"client {short}" + (f" ({initials})" if initials else "")


def summary(deadline: Deadline) -> str:
    text = f"{KIND_TITLES[deadline.kind]} — {client_tag(deadline)}"
    return text + (f" ({EARLIEST_POSSIBLE})" if deadline.uncertain else "")


def description(deadline: Deadline) -> str:
    lines = [deadline.label, ""]
    if deadline.uncertain:
        lines.append(f"Due on the {EARLIEST_POSSIBLE} day, {deadline.due.isoformat()} "
                     f"(latest possible {deadline.latest.isoformat()}).")
    lines += [f"Kind: {KIND_TITLES[deadline.kind]} ({deadline.kind.value}).",
              f"Client id in Clinic Intake: {deadline.client_id}.",
              "Computed from the recorded facts; no weekend or holiday roll-over. "
              "Attorney to confirm."]
    return "\n".join(lines)


def deadline_calendar(deadlines: Iterable[Deadline], *, now: datetime | None = None,
                      name: str = "Clinic Intake deadlines") -> str:
    """The whole .ics text (CRLF line ends, folded lines), one all-day event per deadline."""
    stamp = _utc(now or datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_text(name)}"]
    for d in deadlines:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{deadline_uid(d)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(d.due)}",
            f"DTEND;VALUE=DATE:{_day(d.due + timedelta(days=1))}",
            f"SUMMARY:{_text(summary(d))}",
            f"DESCRIPTION:{_text(description(d))}",
            f"CATEGORIES:{_text('Clinic Intake')},{_text(d.kind.value)}",
            "CLASS:CONFIDENTIAL",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_text(f'In {REMIND_DAYS_BEFORE} days: {summary(d)}')}",
            f"TRIGGER:-P{REMIND_DAYS_BEFORE}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("DTSTAMP needs an aware datetime")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT escaping."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Split at 75 octets without cutting a UTF-8 character; continuation lines start with a
    space (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, _MAX_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append(current)
            current, size, limit = "", 0, _MAX_OCTETS - 1
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)
