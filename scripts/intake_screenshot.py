"""The intake window with live flags, for docs/screenshots (called by scripts/screenshot.py).

A scenario from tests/fixtures is stored as a draft in a throw-away SQLite store and opened in
the main window through the real editing service, checklist and rule pack, so the picture shows
what a paralegal sees: sections with progress, the border-history timeline, and the flags.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from clinic_app.domain import Role
from clinic_app.security import Actor
from clinic_app.services import AppServices
from clinic_app.services.editing import EditingService
from ui.intake.controller import IntakeEditor
from ui.main_window import MainWindow

SCENARIOS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "domain" / "scenarios"
WAIT_MS = 30_000


def _spin_until(done: object, timeout_ms: int = WAIT_MS) -> None:
    """Run the event loop until `done()` is true (signal-driven work, no fixed sleeps)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if done() else None)  # type: ignore[operator]
    timer.start(20)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def clipped_widgets(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text (cut off at this scale)."""
    out = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 1:
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text() \
                and not widget.text().startswith("<"):
            needed = widget.fontMetrics().horizontalAdvance(widget.text().split("\n")[0])
            if widget.width() + 1 < min(needed, widget.maximumWidth()):
                out.append(f"label {widget.text()[:40]!r}: {widget.width()} < {needed}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.minimumSizeHint().width()
            if widget.width() + 1 < hint:
                out.append(f"button {widget.text()[:40]!r}: {widget.width()} < {hint}")
    return out


def render_intake(base: AppServices, prefix: str, out: Path, *, size: tuple[int, int],
                  check_fit: bool = False) -> int:
    """Store scenario `prefix` in a temporary store, open it in the main window, save a PNG."""
    from clinic_app.__main__ import load_screener
    from db.editing_marks import FileEditingMarks
    from db.engine import open_store
    from db.migrate import ensure_schema
    from forms.checklist_loader import default_checklist_path, load_checklist

    (path,) = SCENARIOS.glob(f"{prefix}-*.json")
    facts = json.loads(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder, \
            open_store(url=f"sqlite:///{folder}/screenshot.db") as store:
        ensure_schema(store)
        checklist = load_checklist(default_checklist_path())
        editing = EditingService(store.uow, checklist, load_screener(),
                                 actor=Actor("u-shot", "paralegal", Role.PARALEGAL),
                                 marks=FileEditingMarks.beside(Path(folder)))
        saved = editing.save_draft(None, facts)
        editing.close_intake(saved.intake_id)
        services = dataclasses.replace(base, editing=editing, checklist=checklist)
        window = MainWindow(services)
        window.resize(*size)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.intakes.open_client(saved.client_id)
        _spin_until(lambda: bool(window.intakes.editors))
        editor: IntakeEditor = window.intakes.editors[0]
        _spin_until(lambda: editor.screening is not None)
        editor.window.show_section("border_history")
        QApplication.processEvents()
        QTest.qWait(50)  # let the layouts settle after expanding
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise SystemExit(f"Could not write {out}")
        print(f"wrote {out}")
        problems = clipped_widgets(editor.window) if check_fit else []
        for problem in problems:
            print(f"cut off: {problem}")
        window.close()
    return 1 if problems else 0
