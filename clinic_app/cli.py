"""The `clinic-intake` command line: argument parsing and output, no wiring.

The composition root (`clinic_app.__main__`) supplies a `Runtime` that opens the store, loads the
rule pack and starts the GUI, so this module stays free of db/forms/ui imports and is testable
with fakes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Protocol, TextIO

from clinic_app import __version__
from clinic_app.domain import ScreeningResult
from clinic_app.errors import ClinicError, IntakeFormatError
from clinic_app.intake_format import dump_intake, load_intake_file
from clinic_app.ports import Screener
from clinic_app.services.intakes import IntakeService

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
DB_ENV = "CLINIC_INTAKE_DB"


class Runtime(Protocol):
    """What the commands need from the outside world; built by the composition root."""

    def intakes(self, args: argparse.Namespace) -> IntakeService: ...

    def screener(self, args: argparse.Namespace) -> Screener: ...

    def gui(self, args: argparse.Namespace) -> int: ...


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinic-intake",
        description="Clinic Intake: offline intake and policy screening for immigration legal "
                    "clinics. Every flag means 'may apply — attorney to review'.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    store = parser.add_argument_group("store")
    store.add_argument("--data-dir", type=Path, metavar="DIR",
                       help="folder holding the embedded store (default: the user data folder)")
    store.add_argument("--db", metavar="URL", default=os.environ.get(DB_ENV),
                       help=f"database URL, e.g. postgresql+psycopg://host/clinic "
                            f"(default: ${DB_ENV}, else the embedded store)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="validate and store clinic-intake/1 files",
                       description="Validate each file; store the valid ones (screened on save); "
                                   "report each invalid file with the JSON path of every problem "
                                   "and store nothing from it. Exit 2 if any file failed.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")

    p = sub.add_parser("export", help="write clients' intakes as clinic-intake/1 files",
                       description="Export the newest intake of one client or of all clients. "
                                   "The files hold confidential client data in plain text.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--client", metavar="ID", help="client id (see `list`)")
    which.add_argument("--all", action="store_true", help="every client")
    p.add_argument("--out", type=Path, metavar="DIR", required=True,
                   help="output folder (for --client also a .json file path, or - for stdout)")

    p = sub.add_parser("list", help="list clients, one a line")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--limit", type=int, default=None)

    p = sub.add_parser("screen", help="screen an intake file against the rule pack (no store)",
                       description="Print which policies may affect the client, why and on what "
                                   "source. Exit 2 on invalid input.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--as-of", type=_iso_day, metavar="DATE",
                   help="screen as of this day (default: the intake date)")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--lang", choices=("en", "es"), default="en")
    p.add_argument("--pack", type=Path, metavar="FILE", help="use this rule pack file")

    sub.add_parser("gui", help="start the desktop app (also the default)")
    return parser


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day (use YYYY-MM-DD)") from err


def run(argv: Sequence[str] | None, runtime: Runtime, *, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    """Parse `argv`, run one command, return its exit code; errors are printed, never raised."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            return runtime.gui(args)
        if command == "import":
            return _import(args, runtime, out, err)
        if command == "export":
            return _export(args, runtime, out, err)
        if command == "list":
            return _list(args, runtime, out)
        if command == "screen":
            return _screen(args, runtime, out, err)
    except ClinicError as e:
        print(f"clinic-intake: {e}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("clinic-intake: interrupted", file=err)
        return 130
    raise AssertionError(f"unhandled command {command}")  # argparse only allows the above


def _import(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    report = runtime.intakes(args).import_files(args.files)
    for path, client_id in report.imported:
        print(f"imported {path} -> client {client_id}", file=out)
    for failure in report.failed:
        print(f"{failure.path}: not imported:", file=err)
        for message in failure.messages:
            print(f"  {message}", file=err)
    print(f"{len(report.imported)} imported, {len(report.failed)} failed", file=out)
    return EXIT_OK if report.ok else EXIT_INVALID


def _export(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    service = runtime.intakes(args)
    target: Path = args.out
    if args.client:
        document = service.export_client(args.client)
        if str(target) == "-":
            out.write(dump_intake(document))
            return EXIT_OK
        path = target if target.suffix == ".json" else target / f"client-{args.client}.json"
        _write_private(path, dump_intake(document))
        print(f"wrote {path}", file=out)
        return EXIT_OK
    count = 0
    for client_id, document in service.export_all():
        _write_private(target / f"client-{client_id}.json", dump_intake(document))
        count += 1
    print(f"wrote {count} file(s) to {target}", file=out)
    return EXIT_OK


def _write_private(path: Path, text: str) -> None:
    """Write an export readable by its owner only: it holds asylum data (8 CFR 208.6)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _list(args: argparse.Namespace, runtime: Runtime, out: TextIO) -> int:
    rows = runtime.intakes(args).client_summaries(limit=args.limit)
    if args.format == "json":
        json.dump([{"id": r.client_id, "name": r.display_name,
                    "nationalities": list(r.nationalities), "a_number": r.a_number,
                    "last_entry": r.last_entry, "flags": r.flag_count,
                    "urgent": r.urgent_count} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for r in rows:
        nat = ",".join(r.nationalities) or "--"
        flags = f"{r.flag_count} flag(s)" + (f", {r.urgent_count} urgent" if r.urgent_count else "")
        print(f"{r.client_id}  {r.display_name}  {nat}  last entry {r.last_entry or '--'}  {flags}",
              file=out)
    return EXIT_OK


def _screen(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    try:
        document = load_intake_file(args.file)
    except IntakeFormatError as e:
        print(f"{args.file}: invalid clinic-intake/1 document:", file=err)
        for issue in e.issues:
            print(f"  {issue}", file=err)
        return EXIT_INVALID
    result = runtime.screener(args).screen(document, as_of=args.as_of, lang=args.lang)
    if args.format == "json":
        json.dump(result.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_screening_text(result))
    return EXIT_OK


def format_screening_text(result: ScreeningResult) -> str:
    """A plain-text rendering of a screening for a terminal or a case note."""
    pack = result.rule_pack
    lines = [f"Screening as of {result.as_of.isoformat()} — rule pack {pack.id} {pack.version} "
             f"(reviewed {pack.reviewed})", ""]
    if not result.flags:
        lines.append("No flag fired. Silence only means the recorded facts did not trigger a rule.")
    for flag in result.flags:
        lines.append(f"[{flag.level.value.upper()}] {flag.id} — {flag.title}")
        lines.append(f"    Policy: {flag.policy}")
        lines.append(f"    {flag.reason}")
        if flag.facts:
            lines.append(f"    Facts: {', '.join(flag.facts)}")
        for url in flag.sources:
            lines.append(f"    Source: {url}")
        lines.append("")
    for warning in result.warnings:
        lines.append(f"Data warning: {warning}")
    lines.append("Checked, not flagged: " + (", ".join(result.not_applicable) or "--"))
    return "\n".join(lines) + "\n"
