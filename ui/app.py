"""Start the GUI: one QApplication, the stylesheet, icon and locale, then the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from clinic_app.services import AppServices, SignInGate
from ui import assets
from ui.dialogs.store_error import StoreErrorDialog
from ui.i18n import DEFAULT_LANGUAGE, apply_language
from ui.main_window import MainWindow
from ui.prefs import UiPrefs
from ui.session.flow import SignInFlow

APP_NAME = "Clinic Intake"
STORE_ERROR_EXIT = 1


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication: reused if one exists (tests, a second call), else created."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if existing is not None:
        raise RuntimeError("A non-GUI QCoreApplication already exists; the GUI cannot start")
    return QApplication(list(sys.argv[:1] if argv is None else argv))


def configure_application(app: QApplication, *, ui_language: str | None = DEFAULT_LANGUAGE,
                          version: str = "") -> None:
    """Names, icon, stylesheet and a deterministic locale, the same for the app and screenshots.

    The locale comes from the UI language setting, never from the machine's LANG, so dates read
    the same on every laptop ("15 Aug 2019"); its translations (ui/i18n.py) are installed.
    `ui_language=None`: the language chosen in Settings on this computer.
    """
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    if version:
        app.setApplicationVersion(version)
    app.setWindowIcon(assets.app_icon())
    app.setStyleSheet(assets.stylesheet())
    apply_language(app, ui_language or UiPrefs().language())  # QSettings needs the names


def run_gui(services: AppServices, *, argv: list[str] | None = None,
            ui_language: str | None = None) -> int:
    """Show the main window over `services` and run the event loop; returns the exit status.

    `ui_language` (e.g. "es_US") wins; otherwise `services.extras["ui_language"]` if the
    composition root put the setting there; otherwise the one chosen in Settings.
    """
    app = application(argv)
    language = ui_language or _language_setting(services) or None
    configure_application(app, ui_language=language, version=services.version)
    window = MainWindow(services)
    window.show()
    return app.exec()


def run_signed_in(gate: SignInGate, *, hint: str = "", location: str = "",
                  argv: list[str] | None = None, version: str = "") -> int:
    """The app with users: first-run setup or sign-in, then the main window (idle lock, Audit
    page for admins); returns the exit status (1 if the store cannot be opened)."""
    app = application(argv)
    configure_application(app, ui_language=None, version=version)  # as chosen in Settings
    app.setQuitOnLastWindowClosed(False)  # between windows (sign-out) the flow decides
    flow = SignInFlow(gate, hint=hint, location=location)
    status: list[int] = []

    def finish(code: int) -> None:
        status.append(code)
        app.exit(code)

    flow.finished.connect(finish)
    flow.start()
    code = app.exec() if not status else status[0]
    app.setQuitOnLastWindowClosed(True)
    return status[0] if status else code


def show_store_error(message: str, detail: str, *, argv: list[str] | None = None) -> int:
    """Explain why the store could not be opened (what, where, what to do); returns exit status 1.

    `message` should name the problem and the path; `detail` says what to do next.
    """
    app = application(argv)
    configure_application(app)
    dialog = StoreErrorDialog(message, detail)
    dialog.exec()
    return STORE_ERROR_EXIT


def _language_setting(services: AppServices) -> str:
    value = services.extras.get("ui_language")
    return value if isinstance(value, str) else ""
