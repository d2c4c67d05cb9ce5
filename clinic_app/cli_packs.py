"""`clinic-intake rescreen` and `clinic-intake pack ...`: signed rule packs on the command line.

Publishers (no store): `pack keygen`, `pack sign`, `pack verify --key`. Clinics (signed in):
`pack verify`, `pack install`, `pack trust`, `pack list`, and `rescreen [--pack FILE]`, which
re-screens every stored intake and prints, per client, the flags added, dropped or changed in
level. A refused pack exits 2 with the reason; the pack in force stays in force.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from clinic_app.errors import ClinicError
from clinic_app.rule_packs import PackProblem, PackRefused, describe_keys

if TYPE_CHECKING:
    from clinic_app.services.rule_packs import VerifiedPack
    from clinic_app.services.workspace import Workspace

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
OFFLINE = ("keygen", "sign")


class PackTools(Protocol):
    """What a publisher's commands need (forms/pack_signing.py), supplied by the runtime."""

    def generate_key(self, out_dir: Path, name: str) -> tuple[Path, Path, str]: ...

    def sign(self, pack: Path, key: Path, out: Path | None) -> Path: ...

    def verify_with_key(self, content: bytes, signature: str | None, key_text: str, *,
                        source: str, signature_source: str) -> VerifiedPack: ...


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "rescreen", parents=[common], help="re-screen every stored intake (admins)",
        description="Re-screen every complete intake with the rule pack in force, or with "
                    "PACK (verified, then installed unless --dry-run), each as of its own "
                    "intake date. Prints per client the flags added, dropped or changed in "
                    "level, stores those changes, and exits 0. Only the flags a new pack "
                    "changed are evaluated for intakes whose facts did not change.")
    p.add_argument("--pack", type=Path, metavar="FILE",
                   help="a signed rule pack (FILE.sig beside it) to install and screen with")
    p.add_argument("--sig", type=Path, metavar="FILE", help="its signature (default FILE.sig)")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would change; store nothing (nor install --pack)")
    p.add_argument("--full", action="store_true",
                   help="evaluate every flag of every intake (slower; for checking)")
    p.add_argument("--allow-downgrade", action="store_true",
                   help="with --pack: accept a version older than the pack in force")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes to screen with (default: one per core)")

    pack = sub.add_parser("pack", help="sign, verify, trust and install rule packs",
                          description="Rule packs sent to clinics are signed (Ed25519). "
                                      "keygen and sign are for publishers and need no store.")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    p = actions.add_parser("keygen", help="make a signing key pair (publishers)",
                           description="Write NAME.key (private, readable by you only: keep "
                                       "it off clinic machines) and NAME.pub (give it to "
                                       "clinics) into DIR.")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--name", default="pack-signing", metavar="NAME")
    p = actions.add_parser("sign", help="sign a pack file (publishers): writes PACK.sig")
    p.add_argument("pack", type=Path, metavar="PACK")
    p.add_argument("--key", type=Path, required=True, metavar="PRIVATE",
                   help="the private key file from keygen")
    p.add_argument("--out", type=Path, metavar="SIG", help="default: PACK.sig")
    p = actions.add_parser(
        "verify", parents=[common], help="check a pack's signature, then compile it",
        description="Exit 0 and print the pack's id, version and review date, or exit 2 "
                    "naming the problem. Checks against the clinic's trusted keys (signed "
                    "in), or against one public key given with --key (no store).")
    p.add_argument("pack", type=Path, metavar="PACK")
    p.add_argument("--sig", type=Path, metavar="FILE", help="default: PACK.sig")
    p.add_argument("--key", type=Path, metavar="PUB", help="check with this public key only")
    p = actions.add_parser("install", parents=[common],
                           help="verify a pack and make it the one screening uses (admins)")
    p.add_argument("pack", type=Path, metavar="PACK")
    p.add_argument("--sig", type=Path, metavar="FILE", help="default: PACK.sig")
    p.add_argument("--allow-downgrade", action="store_true",
                   help="accept a version older than the pack in force")
    p = actions.add_parser("trust", parents=[common],
                           help="trust a publisher's public key (admins)")
    p.add_argument("key", metavar="PUBKEY", help="a .pub file, or the key's base64 text")
    p.add_argument("--label", required=True, help="who publishes with this key")
    actions.add_parser("list", parents=[common],
                       help="the pack in force, installed packs and trusted keys")


def offline(args: argparse.Namespace) -> bool:
    """Whether this `pack` action runs without a store."""
    return args.pack_command in OFFLINE or (args.pack_command == "verify"
                                            and args.key is not None)


def _read_pack(pack: Path, sig: Path | None) -> tuple[bytes, str | None, str]:
    try:
        content = pack.read_bytes()
    except OSError as exc:
        raise ClinicError(f"{pack}: cannot read the rule pack: {exc.strerror}") from exc
    sig_path = sig or pack.with_name(pack.name + ".sig")
    try:
        signature: str | None = sig_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        signature = None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackRefused(PackProblem.BAD_SIGNATURE_FILE,
                          f"cannot read the signature file: {exc}", file=str(sig_path)) from exc
    return content, signature, str(sig_path)


def _describe(verified: VerifiedPack) -> str:
    info = verified.info
    key = verified.key
    signer = f"signed by key {key.key_id}" + (f" ({key.label})" if key and key.label else "") \
        if key else "bundled with the application"
    return (f"{verified.source}: {signer}; {info.id} {info.version}, reviewed {info.reviewed}, "
            f"sources as of {info.sources_as_of}, {len(verified.pack.flags)} flags")


def run_offline(args: argparse.Namespace, tools: PackTools, out: TextIO, err: TextIO) -> int:
    try:
        if args.pack_command == "keygen":
            key, pub, key_id = tools.generate_key(args.out, args.name)
            print(f"wrote {key} (private: keep it secret, off clinic machines)", file=out)
            print(f"wrote {pub} (public key {key_id}: clinics trust it with "
                  f"`clinic-intake pack trust {pub.name} --label NAME`)", file=out)
            return EXIT_OK
        if args.pack_command == "sign":
            target = tools.sign(args.pack, args.key, args.out)
            print(f"wrote {target}", file=out)
            return EXIT_OK
        content, signature, sig_source = _read_pack(args.pack, args.sig)
        try:
            key_text = args.key.read_text(encoding="utf-8")
        except OSError as exc:
            raise ClinicError(f"{args.key}: cannot read the public key: {exc.strerror}") from exc
        verified = tools.verify_with_key(content, signature, key_text, source=str(args.pack),
                                         signature_source=sig_source)
        print(_describe(verified), file=out)
        return EXIT_OK
    except PackRefused as exc:
        print(f"clinic-intake: refused: {exc}", file=err)
        return EXIT_INVALID


def run_pack(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
             _ask: object) -> int:
    packs = workspace.rule_packs
    if packs is None:
        raise ClinicError("rule packs are not available here")
    action = args.pack_command
    try:
        if action == "verify":
            content, signature, sig_source = _read_pack(args.pack, args.sig)
            print(_describe(packs.verify(content, signature, source=str(args.pack),
                                         signature_source=sig_source)), file=out)
        elif action == "install":
            content, signature, sig_source = _read_pack(args.pack, args.sig)
            verified = packs.install(content, signature, source=str(args.pack),
                                     signature_source=sig_source,
                                     allow_downgrade=args.allow_downgrade)
            print(_describe(verified), file=out)
            print(f"installed {verified.info.label}: new screenings use it; run "
                  "`clinic-intake rescreen` to re-screen the stored intakes", file=out)
        elif action == "trust":
            key_arg = Path(args.key)
            text = key_arg.read_text(encoding="utf-8") if key_arg.is_file() else args.key
            key = packs.trust(text, label=args.label)
            print(f"trusted key {key.key_id} ({key.label})", file=out)
        else:
            _list(workspace, out)
    except PackRefused as exc:
        print(f"clinic-intake: refused: {exc}", file=err)
        return EXIT_INVALID
    return EXIT_OK


def _list(workspace: Workspace, out: TextIO) -> None:
    packs = workspace.rule_packs
    assert packs is not None
    _, status = packs.in_force()
    print(f"in force: {status.label} (reviewed {status.reviewed}, {status.source})", file=out)
    if status.warning:
        print(f"WARNING: {status.warning}", file=out)
    installed = packs.installed()
    print("installed:" if installed else "installed: none", file=out)
    for p in installed:
        when = f"{p.installed_at:%Y-%m-%d %H:%M} UTC" if p.installed_at else "?"
        mark = "  (active)" if p.active else ""
        print(f"  {p.label}  installed {when}  key {p.key_id}{mark}", file=out)
    keys = describe_keys(packs.trusted_keys())
    print("trusted keys:" if keys else "trusted keys: none", file=out)
    for line in keys:
        print(f"  {line}", file=out)


def run_rescreen(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
                 _ask: object) -> int:
    service, packs = workspace.screening, workspace.rule_packs
    if service is None or packs is None:
        raise ClinicError("re-screening is not available here")
    if args.pack is not None:
        try:
            content, signature, sig_source = _read_pack(args.pack, args.sig)
            if args.dry_run:
                verified = packs.verify(content, signature, source=str(args.pack),
                                        signature_source=sig_source)
            else:
                verified = packs.install(content, signature, source=str(args.pack),
                                         signature_source=sig_source,
                                         allow_downgrade=args.allow_downgrade)
                print(f"installed {verified.info.label}", file=out)
        except PackRefused as exc:
            print(f"clinic-intake: refused: {exc}", file=err)
            return EXIT_INVALID
        service = service.using(verified.pack, verified.text, verified.source)
    report = service.rescreen(dry_run=args.dry_run, full=args.full, workers=args.workers)
    for change in report.changes:
        print(f"{change.client_id} {change.client_name}: {change.describe()}", file=out)
    print(report.summary(), file=out)
    return EXIT_OK
