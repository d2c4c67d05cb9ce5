"""The `clinic-intake` command line: argument parsing and output, no wiring.

The composition root (`clinic_app.__main__`) supplies a `Runtime` that opens the store, loads the
rule pack and starts the GUI, so this module stays free of db/forms/ui imports and is testable
with fakes.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Protocol, TextIO

from clinic_app import __version__, cli_deadlines, cli_documents, cli_packs, cli_search
from clinic_app.audit_log import AuditQuery
from clinic_app.domain import Role, ScreeningResult
from clinic_app.errors import ClinicError, IntakeFormatError
from clinic_app.intake_format import dump_intake, load_intake_file
from clinic_app.ports import Screener
from clinic_app.security import Credentials
from clinic_app.services import FirstRunSetup
from clinic_app.services.workspace import EncryptReport, RestoreReport, Workspace

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
DB_ENV = "CLINIC_INTAKE_DB"
USER_ENV = "CLINIC_INTAKE_USER"
PASSWORD_ENV = "CLINIC_INTAKE_PASSWORD"
NEW_PASSWORD_ENV = "CLINIC_INTAKE_NEW_PASSWORD"
STORE_COMMANDS = ("import", "export", "list", "user", "audit", "backup", "settings",
                  "deadlines", "pdf", "report", "search", "rescreen", "pack")

Ask = Callable[[str], str]


class Runtime(Protocol):
    """What the commands need from the outside world; built by the composition root."""

    def workspace(self, args: argparse.Namespace, credentials: Credentials) -> Workspace:
        """Sign in to the store the arguments point at; the services act for that user."""

    def initialize(self, args: argparse.Namespace, setup: FirstRunSetup) -> Workspace:
        """Create a new encrypted store with its first admin, signed in as that admin."""

    def restore(self, args: argparse.Namespace, source: Path, target_dir: Path,
                credentials: Credentials) -> RestoreReport: ...

    def encrypt(self, args: argparse.Namespace, admin: Credentials,
                clinic_name: str) -> EncryptReport: ...

    def screener(self, args: argparse.Namespace) -> Screener: ...

    def pack_tools(self) -> cli_packs.PackTools:
        """Key generation, signing and checking for `pack keygen|sign|verify --key`."""

    def gui(self, args: argparse.Namespace) -> int: ...

    def close(self) -> None:
        """Close the store, if one was opened (the end of every command)."""


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
    store.add_argument("--user", metavar="NAME", default=os.environ.get(USER_ENV),
                       help=f"sign in as this user (default: ${USER_ENV}); the password is "
                            f"asked for, or read from ${PASSWORD_ENV}")
    # The same options after the command name ("list --user ana"); SUPPRESS keeps the values
    # given before it when they are not repeated.
    common = argparse.ArgumentParser(add_help=False)
    again = common.add_argument_group("store and user")
    again.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                       help="folder holding the embedded store")
    again.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    again.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                       help=f"sign in as this user (or ${USER_ENV}; password: ${PASSWORD_ENV} "
                            "or a prompt)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="set up a new encrypted store",
                       description="Create the clinic's encrypted store and its first admin. "
                                   f"The admin's password is asked for twice, or read from "
                                   f"${PASSWORD_ENV}.")
    p.add_argument("--clinic", required=True, metavar="NAME", help="the clinic's name")
    p.add_argument("--admin", required=True, metavar="USERNAME", help="the first admin's name")
    p.add_argument("--display-name", default="", metavar="TEXT", help="the admin's full name")
    p.add_argument("--with-samples", action="store_true",
                   help="also load the fictional sample clients, to try the app")

    p = sub.add_parser("import", parents=[common],
                       help="validate and store clinic-intake/1 files",
                       description="Validate each file; store the valid ones (screened on save); "
                                   "report each invalid file with the JSON path of every problem "
                                   "and store nothing from it. Exit 2 if any file failed.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")

    p = sub.add_parser("export", parents=[common],
                       help="write clients' intakes as clinic-intake/1 files",
                       description="Export the newest intake of one client or of all clients. "
                                   "The files hold confidential client data in plain text.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--client", metavar="ID", help="client id (see `list`)")
    which.add_argument("--all", action="store_true", help="every client")
    p.add_argument("--out", type=Path, metavar="DIR", required=True,
                   help="output folder (for --client also a .json file path, or - for stdout)")

    p = sub.add_parser("list", parents=[common], help="list clients, one a line")
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

    _user_commands(sub, common)
    _store_commands(sub, common)
    cli_deadlines.add_parser(sub, common)
    cli_search.add_parser(sub, common)
    cli_packs.add_parsers(sub, common)
    cli_documents.add_parsers(sub, common)
    sub.add_parser("gui", help="start the desktop app (also the default)")
    return parser


def _user_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                   common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", help="manage users (admins); change your own password",
                          description="New passwords are asked for twice, or read from "
                                      f"${NEW_PASSWORD_ENV}.")
    users = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = users.add_parser("add", parents=[common], help="add a user")
    p.add_argument("username", metavar="NAME")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--display-name", default="", metavar="TEXT")
    users.add_parser("passwd", parents=[common], help="change your own password")
    p = users.add_parser("reset", parents=[common],
                         help="give a user a new password and lift a lockout")
    p.add_argument("username", metavar="NAME")
    p.add_argument("--unlock-only", action="store_true",
                   help="only lift the lockout; keep the password")
    p = users.add_parser("list", parents=[common], help="list users, roles and lockouts")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = users.add_parser("role", parents=[common], help="change a user's role")
    p.add_argument("username", metavar="NAME")
    p.add_argument("role", choices=[r.value for r in Role])
    p = users.add_parser("remove", parents=[common], help="remove a user (they cannot sign in)")
    p.add_argument("username", metavar="NAME")


def _store_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                    common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser("audit", help="read or verify the audit trail (admins)")
    audits = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audits.add_parser("verify", parents=[common], help="check the hash chain",
                      description="Exit 0 and 'chain intact: N events', or exit 1 naming the "
                                  "first broken event and how: edited, inserted or deleted.")
    p = audits.add_parser("list", parents=[common], help="list events, newest first")
    p.add_argument("--by", metavar="USERNAME", help="only this user's events")
    p.add_argument("--action", help="an action, or a family such as 'login.'")
    p.add_argument("--since", type=_iso_day, metavar="DATE", help="from this day (UTC)")
    p.add_argument("--until", type=_iso_day, metavar="DATE", help="up to this day (UTC)")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("backup", parents=[common], help="write an encrypted backup",
                       description="A consistent copy of the store, made while the app may be "
                                   "in use, checked, and still encrypted; its key file "
                                   "(.keys.json) is written beside it. Keep both together.")
    p.add_argument("out", type=Path, metavar="OUT", help="backup file (or folder) to write")

    p = sub.add_parser("restore", parents=[common], help="restore a backup into a new folder",
                       description="Check the backup (page and integrity checks, schema "
                                   "version), then restore it with its key file into the folder "
                                   "given with --data-dir. Sign in with a user of the backup "
                                   "who may restore (an admin).")
    p.add_argument("file", type=Path, metavar="FILE")

    p = sub.add_parser("encrypt", parents=[common],
                       help="move an unencrypted store into a new encrypted one",
                       description="For a store made before encryption was the default. The "
                                   "original is renamed aside (delete it once the new store "
                                   "works). The admin's password: asked twice, or "
                                   f"${PASSWORD_ENV}.")
    p.add_argument("--admin", required=True, metavar="USERNAME")
    p.add_argument("--clinic", default="", metavar="NAME")

    settings = sub.add_parser("settings", help="show or change clinic settings")
    actions = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    actions.add_parser("show", parents=[common], help="print the settings")
    p = actions.add_parser("set", parents=[common], help="change a setting (admins)")
    p.add_argument("key", choices=("idle-lock-minutes", "clinic-name"))
    p.add_argument("value")


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day (use YYYY-MM-DD)") from err


def run(argv: Sequence[str] | None, runtime: Runtime, *, out: TextIO | None = None,
        err: TextIO | None = None, ask: Ask | None = None) -> int:
    """Parse `argv`, run one command, return its exit code; errors are printed, never raised.

    `ask` reads a secret from the user (getpass on a terminal); tests pass their own.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    ask = ask or _ask_terminal
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            return runtime.gui(args)
        if command == "screen":
            return _screen(args, runtime, out, err)
        if command == "init":
            return _init(args, runtime, out, ask)
        if command == "encrypt":
            return _encrypt(args, runtime, out, ask)
        if command == "restore":
            report = runtime.restore(args, args.file, _restore_target(args),
                                     _credentials(args, ask))
            print(f"restored {args.file} into {report.store} (checked; signed in as "
                  f"{report.restored_by})", file=out)
            print(f"start Clinic Intake with --data-dir {report.store.parent}", file=out)
            return EXIT_OK
        if command == "pack" and cli_packs.offline(args):
            return cli_packs.run_offline(args, runtime.pack_tools(), out, err)
        if command in STORE_COMMANDS:
            args.credentials = _credentials(args, ask)  # `user passwd` re-checks the password
            workspace = runtime.workspace(args, args.credentials)
            return _STORE_HANDLERS[command](args, workspace, out, err, ask)
    except ClinicError as e:
        print(f"clinic-intake: {e}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("clinic-intake: interrupted", file=err)
        return 130
    finally:
        runtime.close()
    raise AssertionError(f"unhandled command {command}")  # argparse only allows the above


def _ask_terminal(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise ClinicError(f"no password given: run in a terminal to be asked, or set "
                          f"{PASSWORD_ENV}")
    return getpass.getpass(prompt)


def _credentials(args: argparse.Namespace, ask: Ask) -> Credentials:
    """Who signs in: --user (or $CLINIC_INTAKE_USER) and $CLINIC_INTAKE_PASSWORD or a prompt."""
    username = args.user
    if not username:
        raise ClinicError(f"name the user to sign in as with --user NAME or {USER_ENV}")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = ask(f"Password for {username}: ")
    return Credentials(username, password)


def _new_password(ask: Ask, whose: str, env: str) -> str:
    """A new password from `env`, or typed twice."""
    value = os.environ.get(env)
    if value is not None:
        return value
    first = ask(f"New password for {whose}: ")
    if ask(f"Repeat the new password for {whose}: ") != first:
        raise ClinicError("the two passwords differ; nothing was changed")
    return first


def _restore_target(args: argparse.Namespace) -> Path:
    if args.data_dir is None:
        raise ClinicError("name the new folder to restore into with --data-dir NEW-FOLDER")
    target: Path = args.data_dir
    return target


def _init(args: argparse.Namespace, runtime: Runtime, out: TextIO, ask: Ask) -> int:
    password = _new_password(ask, args.admin, PASSWORD_ENV)
    setup = FirstRunSetup(args.clinic, Credentials(args.admin, password),
                          display_name=args.display_name, load_samples=args.with_samples)
    workspace = runtime.initialize(args, setup)
    print(f"created the encrypted store at {workspace.store.location} for {args.clinic}",
          file=out)
    print(f"first admin: {workspace.actor.username}. Keep the .keys.json file beside the "
          "store: without it nobody can open the store", file=out)
    return EXIT_OK


def _encrypt(args: argparse.Namespace, runtime: Runtime, out: TextIO, ask: Ask) -> int:
    password = _new_password(ask, args.admin, PASSWORD_ENV)
    report = runtime.encrypt(args, Credentials(args.admin, password), args.clinic)
    print(f"encrypted the store: {report.store} (admin: {args.admin})", file=out)
    for plain in report.plain_copies:
        print(f"unencrypted copy left at {plain}: delete it once the new store works",
              file=out)
    return EXIT_OK


def _import(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
            _ask: Ask) -> int:
    report = workspace.intakes.import_files(args.files)
    for path, client_id in report.imported:
        print(f"imported {path} -> client {client_id}", file=out)
    for failure in report.failed:
        print(f"{failure.path}: not imported:", file=err)
        for message in failure.messages:
            print(f"  {message}", file=err)
    print(f"{len(report.imported)} imported, {len(report.failed)} failed", file=out)
    return EXIT_OK if report.ok else EXIT_INVALID


def _export(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
            _ask: Ask) -> int:
    service = workspace.intakes
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


def _list(args: argparse.Namespace, workspace: Workspace, out: TextIO, _err: TextIO,
          _ask: Ask) -> int:
    rows = workspace.intakes.client_summaries(limit=args.limit)
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


def _user(args: argparse.Namespace, workspace: Workspace, out: TextIO, _err: TextIO,
          ask: Ask) -> int:
    users, action = workspace.users, args.user_command
    if action == "passwd":
        new = _new_password(ask, workspace.actor.username, NEW_PASSWORD_ENV)
        workspace.session.change_password(args.credentials.password, new)
        print("password changed (the store was not re-encrypted)", file=out)
    elif action == "add":
        new = _new_password(ask, args.username, NEW_PASSWORD_ENV)
        info = users.add_user(args.username, Role(args.role), new,
                              display_name=args.display_name)
        print(f"added {info.username} ({info.role.value})", file=out)
    elif action == "reset":
        if args.unlock_only:
            users.unlock_user(args.username)
            print(f"{args.username} may sign in again", file=out)
        else:
            users.reset_password(args.username, _new_password(ask, args.username,
                                                              NEW_PASSWORD_ENV))
            print(f"{args.username} has a new password and may sign in", file=out)
    elif action == "role":
        users.set_role(args.username, Role(args.role))
        print(f"{args.username} is now {args.role}", file=out)
    elif action == "remove":
        users.remove_user(args.username)
        print(f"{args.username} was removed (their name stays in the audit trail)", file=out)
    elif action == "list":
        _print_users(workspace, args.format, out)
    return EXIT_OK


def _print_users(workspace: Workspace, fmt: str, out: TextIO) -> None:
    now = datetime.now(UTC)
    rows = workspace.users.list_users()
    if fmt == "json":
        json.dump([{"username": u.username, "display_name": u.display_name,
                    "role": u.role.value, "active": u.active,
                    "failed_logins": u.lockout.failures,
                    "locked_until": u.lockout.locked_until.isoformat()
                    if u.lockout.locked_at(now) and u.lockout.locked_until else None}
                   for u in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for u in rows:
        state = "removed" if not u.active else (
            f"locked until {u.lockout.locked_until:%Y-%m-%d %H:%M} UTC"
            if u.lockout.locked_at(now) and u.lockout.locked_until else "active")
        name = f"  {u.display_name}" if u.display_name else ""
        print(f"{u.username}  {u.role.value}  {state}{name}", file=out)


def _audit(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
           _ask: Ask) -> int:
    if args.audit_command == "verify":
        verdict = workspace.audit.verify()
        print(verdict.describe(), file=out if verdict.intact else err)
        return EXIT_OK if verdict.intact else EXIT_ERROR
    query = AuditQuery(username=args.by, action=args.action,
                       since=_day_start(args.since), until=_day_start(args.until, days=1),
                       limit=args.limit)
    events = workspace.audit.audit_events(query)
    if args.format == "json":
        json.dump([{"id": e.event_id, "at": e.at.isoformat(), "user": e.username,
                    "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
                    "detail": e.detail} for e in events], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for e in events:
        target = f" {e.entity} {e.entity_id}" if e.entity_id else ""
        print(f"{e.event_id}  {e.at:%Y-%m-%d %H:%M:%S}  {e.username or '-'}  {e.action}{target}",
              file=out)
    return EXIT_OK


def _day_start(day: date | None, *, days: int = 0) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(date.fromordinal(day.toordinal() + days), time(), tzinfo=UTC)


def _backup(args: argparse.Namespace, workspace: Workspace, out: TextIO, _err: TextIO,
            _ask: Ask) -> int:
    files = workspace.backups.backup(args.out)
    for path in files:
        print(f"wrote {path}", file=out)
    print("backup checked; keep the files together (the .keys.json opens the backup)",
          file=out)
    return EXIT_OK


def _settings(args: argparse.Namespace, workspace: Workspace, out: TextIO, _err: TextIO,
              _ask: Ask) -> int:
    settings = workspace.settings
    if args.settings_command == "set":
        if args.key == "idle-lock-minutes":
            try:
                minutes = int(args.value)
            except ValueError:
                raise ClinicError("idle-lock-minutes takes a whole number of minutes") from None
            settings.set_idle_lock_minutes(minutes)
        else:
            settings.set_clinic_name(args.value)
    print(f"clinic-name: {settings.clinic_name()}", file=out)
    print(f"idle-lock-minutes: {settings.idle_lock_minutes()}", file=out)
    return EXIT_OK


_STORE_HANDLERS: dict[str, Callable[[argparse.Namespace, Workspace, TextIO, TextIO, Ask], int]] = {
    "import": _import, "export": _export, "list": _list, "user": _user, "audit": _audit,
    "backup": _backup, "settings": _settings, "deadlines": cli_deadlines.run_deadlines,
    "pdf": cli_documents.run_pdf, "report": cli_documents.run_report,
    "search": cli_search.run_search,
    "rescreen": cli_packs.run_rescreen, "pack": cli_packs.run_pack,
}


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
