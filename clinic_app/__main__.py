"""Composition root: the only module that wires every layer (store, rule pack, GUI) together."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache

from clinic_app import __version__
from clinic_app.cli import run
from clinic_app.errors import ClinicError
from clinic_app.ports import Screener
from clinic_app.services import AppServices, StoreInfo
from clinic_app.services.intakes import IntakeService


class Composition:
    """Opens what a command asks for, once, and only when it asks (screen needs no store)."""

    def __init__(self) -> None:
        self._store: object | None = None

    @cache  # noqa: B019 - one Composition per process; caching per instance is the point
    def _open_store(self, db_url: str | None, data_dir: str | None) -> tuple[object, StoreInfo]:
        from pathlib import Path

        from db.engine import open_store
        from db.migrate import ensure_schema

        store = open_store(db_url, data_dir=Path(data_dir) if data_dir else None)
        ensure_schema(store)
        info = StoreInfo(location=store.location, kind=store.kind,
                         data_dir=str(store.data_dir or ""))
        return store, info

    @cache  # noqa: B019
    def _screener(self, pack: str | None) -> Screener:
        from pathlib import Path

        from clinic_app.screening.engine import ScreeningEngine
        from forms.rule_pack_loader import default_pack_path, load_rule_pack

        return ScreeningEngine(load_rule_pack(Path(pack) if pack else default_pack_path()))

    def screener(self, args: argparse.Namespace) -> Screener:
        pack = getattr(args, "pack", None)
        return self._screener(str(pack) if pack else None)

    def intakes(self, args: argparse.Namespace) -> IntakeService:
        store, _ = self._open_store(args.db, str(args.data_dir) if args.data_dir else None)
        return IntakeService(store.uow, self.screener(args))  # type: ignore[attr-defined]

    def gui(self, args: argparse.Namespace) -> int:
        from ui.app import run_gui, show_store_error

        try:
            service = self.intakes(args)
            _, info = self._open_store(args.db, str(args.data_dir) if args.data_dir else None)
        except ClinicError as err:
            return show_store_error(str(err), _store_hint(args))
        screener = self.screener(args)
        services = AppServices(clients=service, importer=service, store=info,
                               version=__version__,
                               rule_pack_version=_pack_label(screener))
        return run_gui(services)


def _pack_label(screener: Screener) -> str:
    info = getattr(screener, "pack_info", None)
    return f"{info.id} {info.version}" if info else ""


def _store_hint(args: argparse.Namespace) -> str:
    if args.db:
        return "Check the database address given with --db or CLINIC_INTAKE_DB."
    return "Check that the data folder exists, is writable and holds a Clinic Intake store."


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, Composition())


def gui_main() -> int:
    """Entry point of the gui-script: store options may precede the implied `gui` command."""
    return run([*sys.argv[1:], "gui"], Composition())


if __name__ == "__main__":
    sys.exit(main())
