"""Render the main window and the About dialog to PNG for docs/screenshots (offscreen or Xvfb).

    QT_QPA_PLATFORM=offscreen python scripts/screenshot.py
    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python scripts/screenshot.py
    python scripts/screenshot.py --db sqlite:////tmp/clinic.db --out /tmp/real.png
    python scripts/screenshot.py --language es_US   # the -es.png of each (main window, search, …)
    python scripts/screenshot.py --out - --about-out - --intake - --documents docs/screenshots

Without --db the window shows the 12 scenario clients from tests/fixtures (fake services);
with --db it uses the real stack through `clinic_app.__main__.build_services`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a plain script from a checkout: make the packages importable
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from clinic_app.services import AppServices  # noqa: E402
from ui.app import application, configure_application  # noqa: E402
from ui.dialogs.about import AboutDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

SCENARIOS = REPO / "tests" / "fixtures" / "domain" / "scenarios"
LOAD_TIMEOUT_MS = 30_000


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None,
                        help="PNG of the main window (default: "
                             "docs/screenshots/main-window[-es].png)")
    parser.add_argument("--about-out", type=Path, default=REPO / "docs/screenshots/about.png",
                        help="PNG of the About dialog; '-' to skip (default: %(default)s)")
    parser.add_argument("--db", metavar="URL", help="use the real store at this database URL")
    parser.add_argument("--language", default="en_US", help="UI language, e.g. es_US")
    parser.add_argument("--size", default="1280x800", help="window size WxH (default: 1280x800)")
    parser.add_argument("--search", default="", help="type this into the search box first")
    parser.add_argument("--search-text", default="jose",
                        help="what --search-out searches for (default: %(default)s, which "
                             "finds José exactly and Josué one letter away)")
    parser.add_argument("--search-out", type=Path, default=None,
                        help="PNG of the client list answering --search-text; '-' to skip "
                             "(default: docs/screenshots/search-results[-es].png)")
    parser.add_argument("--intake", default="s05", metavar="SCENARIO",
                        help="open this scenario's intake for --intake-out; '-' to skip "
                             "(default: %(default)s)")
    parser.add_argument("--intake-out", type=Path, default=None,
                        help="PNG of the intake window (default: "
                             "docs/screenshots/intake-<en|es>.png)")
    parser.add_argument("--documents", type=Path, default=None, metavar="DIR",
                        help="also save page 1 of the intake summary, the Spanish client copy "
                             "and the caseload report, the print preview and the Reports page "
                             "into DIR (e.g. docs/screenshots)")
    parser.add_argument("--check-fit", action="store_true",
                        help="fail if a label or button of the intake window is cut off")
    for name, what in (("review", "the Review page (queue and an intake)"),
                       ("disposition", "the disposition dialog"),
                       ("deadlines", "the Deadlines page"), ("policies", "the Policies page")):
        parser.add_argument(f"--{name}-out", type=Path, default=None,
                            help=f"PNG of {what}; '-' to skip (default: "
                                 f"docs/screenshots/{name}[-es].png)")
    return parser.parse_args(argv)


def scenario_services() -> AppServices:
    """Fake services holding the scenario clients (rows computed simply, no screening engine)."""
    from clinic_app import __version__
    from tests.gui.fakes import fake_services, scenario_summaries

    return fake_services(
        scenario_summaries(SCENARIOS),
        version=__version__,
        location="/home/paralegal/.local/share/Clinic Intake/clinic.db",
        kind="sqlite",
        rule_pack_version="us-border-asylum 2026.06.25",
    )


def real_services(db_url: str) -> AppServices:
    """The real composition; the lead wires `build_services(db_url)` in clinic_app.__main__."""
    # Imported by name so this script does not type-check (or load) the whole stack by default.
    composition = importlib.import_module("clinic_app.__main__")
    build = getattr(composition, "build_services", None)
    if build is None:
        raise SystemExit("clinic_app.__main__.build_services(db_url) is not available yet; "
                         "run without --db to use the scenario clients.")
    services = build(db_url)
    if not isinstance(services, AppServices):
        raise SystemExit("build_services did not return AppServices")
    return services


def wait_until_loaded(window: MainWindow) -> None:
    """Spin an event loop until the first load answers (signal-driven, no sleeping)."""
    if not window.clients.loading:
        return
    loop = QEventLoop()
    window.clients.clients_loaded.connect(loop.quit)
    window.clients.load_failed.connect(loop.quit)
    QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
    loop.exec()


def search_for(window: MainWindow, text: str) -> None:
    """Type `text` in the client search box and wait for the store's answer (no sleeping)."""
    loop = QEventLoop()
    window.clients.clients_loaded.connect(loop.quit)
    window.clients.load_failed.connect(loop.quit)
    QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
    window.clients.view.search.setText(text)
    window.clients.search_now()
    loop.exec()
    window.clients.clients_loaded.disconnect(loop.quit)
    window.clients.load_failed.disconnect(loop.quit)


def save(widget: QWidget, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    app = application(sys.argv[:1])
    services = real_services(args.db) if args.db else scenario_services()
    configure_application(app, ui_language=args.language, version=services.version)
    if args.documents is not None:  # first: needs its own store, not the window's services
        from scripts.document_screenshots import render_documents

        render_documents(args.documents)

    window = MainWindow(services)
    window.resize(width, height)
    window.show()
    if not QTest.qWaitForWindowExposed(window):
        raise SystemExit("The window was never shown (is a display or offscreen available?)")
    wait_until_loaded(window)
    suffix = "-es" if args.language.startswith("es") else ""
    if args.search:
        search_for(window, args.search)
    elif window.clients.model.rowCount():
        window.clients.view.select_row(0)
        window.clients.view.table.setFocus()
    app.processEvents()
    if str(args.out) != "-":
        save(window, args.out or REPO / f"docs/screenshots/main-window{suffix}.png")
    if str(args.search_out) != "-":
        search_for(window, args.search_text)
        window.clients.view.table.setFocus()
        window.clients.view.select_row(0)
        app.processEvents()
        save(window, args.search_out or REPO / f"docs/screenshots/search-results{suffix}.png")
        search_for(window, "")
    status = 0
    if args.intake != "-":
        from scripts.intake_screenshot import render_intake

        lang = "es" if args.language.startswith("es") else "en"
        out = args.intake_out or REPO / f"docs/screenshots/intake-{lang}.png"
        status = render_intake(services, args.intake, out, size=(width, height),
                               check_fit=args.check_fit)

    from scripts.casework_screenshot import render_casework

    outs = {name: (None if str(given) == "-" else
                   given or REPO / f"docs/screenshots/{name}{suffix}.png")
            for name, given in (("review", args.review_out),
                                ("disposition", args.disposition_out),
                                ("deadlines", args.deadlines_out),
                                ("policies", args.policies_out))}
    render_casework(services, outs, size=(width, height))

    if str(args.about_out) != "-":
        about = AboutDialog(services, window, icon=app.windowIcon())
        about.show()
        QTest.qWaitForWindowExposed(about)
        app.processEvents()
        save(about, args.about_out)
        about.close()
    window.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
