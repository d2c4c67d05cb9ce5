"""The Review queue, the disposition dialog, the Deadlines and the Policies pages, for
docs/screenshots (called by scripts/screenshot.py).

Without a real store the pages run on the scenario clients screened by the shipped rule pack
in an in-memory store, as of 2026-07-01 (tests/gui/casework_fakes.py), signed in as an attorney.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from clinic_app.domain import Disposition
from clinic_app.services import AppServices
from ui.main_window import MainWindow

WAIT_MS = 30_000


def wait_for(signal: SignalInstance, start: Callable[[], object]) -> None:
    """Start some background work and run the event loop until `signal` says it is done."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(WAIT_MS, loop.quit)
    start()
    loop.exec()
    signal.disconnect(loop.quit)


def with_casework(base: AppServices) -> AppServices:
    """`base` as is when it has the pages' services (a real store), else with fakes added."""
    if base.reviews is not None:
        return base
    from forms.checklist_loader import default_checklist_path, load_checklist
    from tests.gui.casework_fakes import CaseworkStore

    store = CaseworkStore()
    checklist = base.checklist or load_checklist(default_checklist_path())
    return dataclasses.replace(base, reviews=store.reviews, deadlines=store.deadlines,
                               policies=store.policies, checklist=checklist)


def save(widget: QWidget, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path}")


def render_casework(base: AppServices, outs: dict[str, Path | None], *,
                    size: tuple[int, int]) -> None:
    """Write each PNG of `outs` ("review", "disposition", "deadlines", "policies"; None skips)."""
    services = with_casework(base)
    window = MainWindow(services)
    window.resize(*size)
    window.show()
    QTest.qWaitForWindowExposed(window)
    pages = window.casework
    if pages.review is not None and (outs.get("review") or outs.get("disposition")):
        review = pages.review
        wait_for(review.loaded, lambda: window.show_page("review"))
        items = review.model.items()
        # The client with a ranged entry date: the one-year deadline says "earliest possible".
        chosen = next((i for i in items if "DATE-UNCERTAIN" in i.flag_ids), items[0])
        row = review.model.row_of(chosen.intake_id)
        review.view.table.selectRow(row)
        wait_for(review.opened, lambda: review.open_intake(chosen.intake_id))
        card = review.panel.card("ONE-YEAR") or review.panel.cards[0]
        card.card.set_expanded(True)
        if outs.get("review"):
            save(window, outs["review"])  # type: ignore[arg-type]
        dialog = review.decide(card.state.flag.id)
        if dialog is not None and outs.get("disposition"):
            dialog.choose(Disposition.NEEDS_FACTS)
            dialog.note.setPlainText("Ask for the Houston money-transfer receipt of 2025-02-03 "
                                     "and the shelter's records: they may fix the entry date.")
            QTest.qWaitForWindowExposed(dialog)
            save(dialog, outs["disposition"])  # type: ignore[arg-type]
            dialog.reject()
    if pages.deadlines is not None and outs.get("deadlines"):
        wait_for(pages.deadlines.loaded, lambda: window.show_page("deadlines"))
        save(window, outs["deadlines"])  # type: ignore[arg-type]
    if pages.policies is not None and outs.get("policies"):
        wait_for(pages.policies.loaded, lambda: window.show_page("policies"))
        pages.policies.select("ONE-YEAR")
        save(window, outs["policies"])  # type: ignore[arg-type]
    window.close()
