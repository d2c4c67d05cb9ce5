"""`clinic-intake deadlines`: every open deadline as text, JSON or an iCalendar file.

Kept beside cli.py (which registers it) so the command line stays one small module per family.
Text and JSON name the client (like `list`); the .ics file never does (see deadline_calendar).
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from clinic_app.deadlines import EARLIEST_POSSIBLE, KIND_TITLES, deadline_uid, horizon
from clinic_app.domain import Deadline
from clinic_app.errors import ClinicError
from clinic_app.services.workspace import Workspace


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
               common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "deadlines", parents=[common], help="list deadlines: one-year filing, a child's 18th "
        "birthday, parole ends, hearings",
        description="Every open deadline of the clinic, soonest first; overdue ones are always "
                    "listed. Partial or uncertain dates give the earliest possible day. The "
                    ".ics format names no client (short id and initials only).")
    p.add_argument("--within", type=_days, metavar="DAYS", default=None,
                   help="only deadlines due within DAYS days (and overdue ones)")
    p.add_argument("--format", choices=("text", "json", "ics"), default="text")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="write to FILE (readable by you only) instead of the terminal")
    p.add_argument("--refresh", action="store_true",
                   help="first recompute every client's deadlines from the stored intakes (a "
                        "store made before deadlines were kept)")


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return days


def run_deadlines(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
                  _ask: object = None) -> int:
    service = workspace.deadlines
    if service is None:
        raise ClinicError("deadlines are not available in this store")
    if args.refresh:
        count = service.refresh_all()
        print(f"recomputed the deadlines of every client: {count} stored", file=err)
    if args.format == "ics":
        if args.out is not None:
            count = service.export_calendar(args.out, args.within)
            print(f"wrote {args.out} ({count} events)", file=err)
        else:
            out.write(service.calendar(args.within).replace("\r\n", "\n"))
        return 0
    rows = service.deadlines(args.within)
    today = service.today()
    text = (json.dumps([as_json(d, today) for d in rows], ensure_ascii=False, indent=2) + "\n"
            if args.format == "json" else as_text(rows, today))
    if args.out is not None:
        _write_private(args.out, text)
        print(f"wrote {args.out} ({len(rows)} deadlines)", file=err)
    else:
        out.write(text)
    return 0


def as_json(d: Deadline, today: date) -> dict[str, Any]:
    return {"uid": deadline_uid(d), "kind": d.kind.value, "due": d.due.isoformat(),
            "latest": d.latest.isoformat(), "earliest_possible": d.uncertain,
            "days_left": d.days_left(today), "client_id": d.client_id,
            "client": d.client_name, "intake_id": d.intake_id, "label": d.label,
            "facts": list(d.facts)}


def as_text(rows: list[Deadline], today: date) -> str:
    if not rows:
        return "no open deadlines\n"
    lines = []
    for d in rows:
        days = d.days_left(today)
        when = f"{-days} days overdue" if days < 0 else ("today" if days == 0
                                                           else f"in {days} days")
        note = f" ({EARLIEST_POSSIBLE})" if d.uncertain else ""
        lines.append(f"{d.due.isoformat()}  {when:>16}  [{horizon(d, today).value}]  "
                     f"{KIND_TITLES[d.kind]}{note}  {d.client_id}  {d.client_name}")
        lines.append(f"    {d.label}")
    return "\n".join(lines) + "\n"


def _write_private(path: Path, text: str) -> None:
    """Owner-only: the list names clients next to their asylum deadlines (8 CFR 208.6)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
