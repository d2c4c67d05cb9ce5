"""`clinic-intake pdf` and `clinic-intake report`: client documents and manager reports.

Registered by cli.py like the other command families. A batch (`pdf --all`) prints its progress
and stops cleanly between two documents on Ctrl+C, keeping the files already written.
"""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import date
from pathlib import Path
from types import FrameType
from typing import TextIO

from clinic_app.documents import BatchResult, CancelToken, DocumentCopy
from clinic_app.errors import ClinicError
from clinic_app.reports import Period, ReportFormat, ReportKind, ReportRequest
from clinic_app.services.workspace import Workspace

EXIT_OK, EXIT_ERROR = 0, 1
EXIT_CANCELLED = 130


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "pdf", parents=[common], help="print a client's intake summary or client copy as PDF",
        description="The newest intake of a client as PDF: the case-file summary (every flag, "
                    "reason, citation and attorney review) or the client's own copy (plain "
                    "words, what to bring, next dates; in the client's language unless --lang). "
                    "Files are readable by you only and every PDF is audited.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("client", nargs="?", metavar="CLIENT", help="client id (see `list`)")
    which.add_argument("--all", action="store_true",
                       help="every client, one file each, into the folder --out (Ctrl+C stops "
                            "between two documents)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="the PDF to write (with --all: a folder)")
    p.add_argument("--lang", choices=("en", "es"), default=None,
                   help="language (default: English for the file summary, the client's "
                        "language for the client copy)")
    p.add_argument("--copy", choices=[c.value for c in DocumentCopy], default="file",
                   help="file: the case-file summary (default); client: the client's copy")

    p = sub.add_parser(
        "report", parents=[common], help="caseload, flags or deadlines report (managers)",
        description="Counts by flag, policy, month of intake, nationality, review status and "
                    "age band; or one row per raised flag; or every open deadline. "
                    "De-identified unless --identified (managers only; audited).")
    p.add_argument("kind", choices=[k.value for k in ReportKind])
    p.add_argument("--from", dest="start", type=_day, metavar="DATE",
                   help="intakes (deadlines: due days) from this day")
    p.add_argument("--to", dest="end", type=_day, metavar="DATE", help="up to this day")
    p.add_argument("--format", choices=[f.value for f in ReportFormat], default=None,
                   help="csv, xlsx or pdf (default: from the --out file's suffix)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--identified", action="store_true",
                   help="name clients (names, A-numbers, client ids): managers only")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day (use YYYY-MM-DD)") from err


def run_pdf(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
            _ask: object = None) -> int:
    service = workspace.documents
    if service is None:
        raise ClinicError("documents are not available here")
    copy = DocumentCopy(args.copy)
    if not args.all:
        target: Path = args.out
        if target.is_dir():
            raise ClinicError(f"{target} is a folder: name the PDF file to write")
        pdf = service.save(args.client, target, copy=copy, lang=args.lang)
        print(f"wrote {target} ({pdf.pages} page{'s' if pdf.pages != 1 else ''})", file=out)
        return EXIT_OK
    cancel = CancelToken()
    shown = _Progress(err)
    with _cancel_on_interrupt(cancel):
        result = service.save_all(args.out, copy=copy, lang=args.lang, cancel=cancel,
                                  progress=shown)
    shown.done()
    return _batch_outcome(result, args.out, out, err)


def _batch_outcome(result: BatchResult, folder: Path, out: TextIO, err: TextIO) -> int:
    for client_id, message in result.failed:
        print(f"client {client_id}: {message}", file=err)
    print(f"wrote {len(result.written)} of {result.total} PDF(s) to {folder}", file=out)
    if result.cancelled:
        print("cancelled: the files written so far are kept", file=err)
        return EXIT_CANCELLED
    return EXIT_ERROR if result.failed else EXIT_OK


class _Progress:
    """"37/1000" on one terminal line (rewritten in place); every 10% when not a terminal."""

    def __init__(self, err: TextIO) -> None:
        self._err = err
        self._tty = err.isatty()
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if self._tty:
            print(f"\r{done}/{total}", end="", file=self._err, flush=True)
            return
        step = max(1, total // 10)
        if done == total or done // step != self._last:
            self._last = done // step
            print(f"{done}/{total}", file=self._err)

    def done(self) -> None:
        if self._tty:
            print(file=self._err)


class _cancel_on_interrupt:  # noqa: N801 - used as a context manager, reads as a phrase
    """While a batch runs, Ctrl+C asks it to stop after the current document instead of
    killing it mid-file (only in the main thread, where signal handlers can be set)."""

    def __init__(self, cancel: CancelToken) -> None:
        self._cancel = cancel
        self._previous: object = None

    def __enter__(self) -> None:
        import threading

        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        self._cancel.cancel()
        print("\nstopping after the current document…", file=sys.stderr)

    def __exit__(self, *_exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]


def run_report(args: argparse.Namespace, workspace: Workspace, out: TextIO, _err: TextIO,
               _ask: object = None) -> int:
    service = workspace.reports
    if service is None:
        raise ClinicError("reports are not available here")
    fmt = _format(args.format, args.out)
    if args.start and args.end and args.start > args.end:
        raise ClinicError(f"--from {args.start} is after --to {args.end}")
    request = ReportRequest(ReportKind(args.kind), Period(args.start, args.end),
                            identified=args.identified)
    report = service.export(request, fmt, args.out)
    rows = sum(len(t.rows) for t in report.tables)
    what = "IDENTIFIED (names clients)" if report.identified else "de-identified"
    print(f"wrote {args.out}: {report.title.lower()}, {report.period.label()}, {what}, "
          f"{rows} row(s)", file=out)
    return EXIT_OK


def _format(given: str | None, path: Path) -> ReportFormat:
    if given:
        return ReportFormat(given)
    suffix = path.suffix.lower().lstrip(".")
    try:
        return ReportFormat(suffix)
    except ValueError:
        raise ClinicError(f"say which format to write with --format csv, xlsx or pdf "
                          f"('{path.name}' does not tell)") from None
