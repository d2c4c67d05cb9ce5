"""Composition root: the only module that wires every layer (store, rule pack, GUI) together.

Heavy layers are imported inside the functions that need them, so `clinic-intake screen` starts
without SQLAlchemy and `clinic-intake list` without Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app import __version__
from clinic_app.cli import run
from clinic_app.errors import ClinicError
from clinic_app.ports import Screener
from clinic_app.services import AppServices, StoreInfo
from clinic_app.services.intakes import IntakeService

if TYPE_CHECKING:
    from db.engine import Store


def open_store(db_url: str | None, data_dir: Path | None) -> Store:
    """Open (and create or migrate) the store the user pointed at."""
    from db.engine import open_store as open_db
    from db.migrate import ensure_schema

    store = open_db(db_url, data_dir=data_dir)
    ensure_schema(store)
    return store


def load_screener(pack: Path | None = None) -> Screener:
    """The screening engine over the given rule pack, or the installed default pack."""
    from clinic_app.screening.engine import ScreeningEngine
    from forms.rule_pack_loader import default_pack_path, load_rule_pack

    return ScreeningEngine(load_rule_pack(pack or default_pack_path()))


def store_info(store: Store) -> StoreInfo:
    kind = "sqlcipher" if store.encrypted else store.kind
    return StoreInfo(location=store.location, kind=kind, data_dir=str(store.data_dir or ""))


def build_services(db_url: str | None = None, data_dir: Path | None = None) -> AppServices:
    """Everything the GUI needs, over a real store (also used by scripts/screenshot.py)."""
    store = open_store(db_url, data_dir)
    screener = load_screener()
    service = IntakeService(store.uow, screener)
    info = getattr(screener, "pack_info", None)
    return AppServices(clients=service, importer=service, store=store_info(store),
                       version=__version__,
                       rule_pack_version=f"{info.id} {info.version}" if info else "")


class Composition:
    """The cli's Runtime: opens the store and the rule pack once, and only when asked."""

    def __init__(self) -> None:
        self._store: Store | None = None
        self._screener: Screener | None = None

    def screener(self, args: argparse.Namespace) -> Screener:
        if self._screener is None:
            self._screener = load_screener(getattr(args, "pack", None))
        return self._screener

    def intakes(self, args: argparse.Namespace) -> IntakeService:
        if self._store is None:
            self._store = open_store(args.db, args.data_dir)
        return IntakeService(self._store.uow, self.screener(args))

    def gui(self, args: argparse.Namespace) -> int:
        from ui.app import run_gui, show_store_error

        try:
            services = build_services(args.db, args.data_dir)
        except ClinicError as err:
            hint = ("Check the database address given with --db or CLINIC_INTAKE_DB."
                    if args.db else
                    "Check that the data folder exists, is writable and holds a Clinic Intake "
                    "store, or start with --data-dir pointing at another folder.")
            return show_store_error(str(err), hint)
        return run_gui(services)


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, Composition())


def gui_main() -> int:
    """Entry point of the gui-script: store options may precede the implied `gui` command."""
    return run([*sys.argv[1:], "gui"], Composition())


if __name__ == "__main__":
    sys.exit(main())
