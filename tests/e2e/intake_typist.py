"""A paralegal typing into the intake window, for the kill test (run as a subprocess).

    python tests/e2e/intake_typist.py <store folder>

Opens a blank intake on the SQLite store in that folder (offscreen), types the client's notes
one key at a time every few milliseconds (QTimer-driven, never pausing), and after each draft
reaches the store prints one JSON line: {"client_id", "intake_id", "version", "notes"}. It
types until it is killed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clinic_app.domain import Role  # noqa: E402
from clinic_app.screening.engine import ScreeningEngine  # noqa: E402
from clinic_app.security import Actor  # noqa: E402
from clinic_app.services.editing import DraftSaved, EditingService  # noqa: E402
from db.editing_marks import FileEditingMarks  # noqa: E402
from db.engine import open_store  # noqa: E402
from db.migrate import ensure_schema  # noqa: E402
from forms.checklist_loader import default_checklist_path, load_checklist  # noqa: E402
from forms.rule_pack_loader import default_pack_path, load_rule_pack  # noqa: E402
from tests.gui.keys import type_text  # noqa: E402
from ui.intake.controller import IntakeEditor  # noqa: E402
from ui.workers import TaskRunner  # noqa: E402

TEXT = ("Cruzó por Matamoros; la devolvieron a México y esperó su audiencia en Harlingen. "
        "Teme a los cárteles. ") * 40
KEY_INTERVAL_MS = 15


class ReportingService(EditingService):
    """Prints a line once each draft is committed (from the save thread; stdout is flushed)."""

    def save_draft(self, intake_id: str | None, facts: Mapping[str, Any], *,
                   expected_version: int | None = None,
                   client_id: str | None = None) -> DraftSaved:
        saved = super().save_draft(intake_id, facts, expected_version=expected_version,
                                   client_id=client_id)
        print(json.dumps({"client_id": saved.client_id, "intake_id": saved.intake_id,
                          "version": saved.version, "notes": facts.get("notes", "")},
                         ensure_ascii=False), flush=True)
        return saved


def main() -> int:
    folder = Path(sys.argv[1])
    app = QApplication([sys.argv[0]])
    store = open_store(url=f"sqlite:///{folder}/c.db")
    ensure_schema(store)
    checklist = load_checklist(default_checklist_path())
    service = ReportingService(store.uow, checklist,
                               ScreeningEngine(load_rule_pack(default_pack_path())),
                               actor=Actor("u-typist", "typist", Role.PARALEGAL),
                               marks=FileEditingMarks.beside(folder))
    editor = IntakeEditor(service, checklist, service.new_intake(), TaskRunner(), lang="es")
    editor.window.show()
    editor.window.show_section("notes")
    notes = editor.window.section_pages["notes"].question_rows["notes"].focus_widget()
    notes.setFocus()
    position = iter(TEXT)

    def type_next() -> None:
        ch = next(position, None)
        if ch is not None:
            type_text(notes, ch)

    timer = QTimer()
    timer.timeout.connect(type_next)
    timer.start(KEY_INTERVAL_MS)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
