"""Print / Save as PDF from the client list (Ctrl+P), the preview's choices, and the batch
dialog's progress and Cancel, over fake document services."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtGui import QKeySequence

from clinic_app.documents import BatchResult, DocumentCopy
from ui.documents.batch import BatchPdfDialog
from ui.main_window import MainWindow
from ui.workers import TaskRunner

from .conftest import SAMPLE_CLIENTS
from .document_fakes import FakeDocuments
from .fakes import fake_services


def window_with(qtbot, documents: FakeDocuments) -> MainWindow:
    services = dataclasses.replace(fake_services(SAMPLE_CLIENTS), documents=documents)
    win = MainWindow(services)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: not win.clients.loading)
    return win


def test_ctrl_p_previews_the_selected_client_and_saves_a_pdf(qtbot, tmp_path: Path) -> None:
    documents = FakeDocuments(pages=3)
    win = window_with(qtbot, documents)
    assert win.documents is not None
    actions = win.documents
    assert actions.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert actions.print_action in win.clients_menu.actions()
    win.clients.view.select_client("c2")
    actions.print_action.trigger()
    dialog = actions.printing.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.page_widgets) == 3)
    assert documents.previews == [("c2", DocumentCopy.FILE, None)]
    assert "Luis" not in dialog.windowTitle()  # window titles never name the client
    assert dialog.page_count.text() == "3 pages"

    dialog.copy.setCurrentIndex(1)
    dialog.language.setCurrentIndex(2)
    qtbot.waitUntil(lambda: documents.previews[-1] == ("c2", DocumentCopy.CLIENT, "es"))
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())

    target = tmp_path / "luis.pdf"
    actions.printing.ask_path = lambda _parent, suggested: target
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(documents.saved))
    assert documents.saved == [("c2", target, DocumentCopy.CLIENT, "es")]
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text())
    dialog.close()
    win.close()


def test_printing_asks_for_the_printer_first_and_prints_at_printer_resolution(qtbot) -> None:
    documents = FakeDocuments(pages=2)
    win = window_with(qtbot, documents)
    assert win.documents is not None
    win.clients.view.select_client("c1")
    win.documents.print_current()
    dialog = win.documents.printing.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled())
    printed: list[int] = []

    class Target:
        def print_pages(self, images: list[bytes]) -> None:
            printed.append(len(images))

    win.documents.printing.choose_printer = lambda _parent: None  # the user cancelled
    dialog.print_button.click()
    assert documents.printed == []
    win.documents.printing.choose_printer = lambda _parent: Target()  # type: ignore[assignment,return-value]
    dialog.print_button.click()
    qtbot.waitUntil(lambda: printed == [2])
    assert documents.printed == [("c1", 300)]
    dialog.close()
    win.close()


def test_without_a_selected_client_ctrl_p_says_what_to_do(qtbot) -> None:
    win = window_with(qtbot, FakeDocuments())
    assert win.documents is not None
    win.clients.view.table.clearSelection()
    win.clients.view.table.selectionModel().clearCurrentIndex()
    win.documents.print_current()
    assert "Select a client" in win.statusBar().currentMessage()
    assert win.documents.printing.dialog is None
    win.close()


def test_no_document_service_means_no_menu_entries(qtbot, window) -> None:
    assert window.documents is None
    assert all("PDF" not in a.text() for a in window.clients_menu.actions())


def test_the_batch_shows_progress_and_cancels_between_documents(qtbot, tmp_path: Path) -> None:
    documents = FakeDocuments(batch_total=5, hold_after=2)
    runner = TaskRunner()
    dialog = BatchPdfDialog(documents, runner, folder=tmp_path)
    qtbot.addWidget(dialog)
    results: list[BatchResult] = []
    dialog.finished_batch.connect(results.append)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() == 2)
    assert dialog.running and "2 of 5 saved" in dialog.status.text()
    dialog.cancel_button.click()
    assert "Stopping after the current document" in dialog.status.text()
    documents.gate.set()
    qtbot.waitUntil(lambda: bool(results))
    assert results[0].cancelled and len(results[0].written) == 2
    assert "Cancelled: 2 of 5 PDFs saved" in dialog.status.text()
    assert not dialog.running
    runner.shutdown()


def test_a_whole_batch_reports_every_file(qtbot, tmp_path: Path) -> None:
    documents = FakeDocuments(batch_total=3)
    runner = TaskRunner()
    dialog = BatchPdfDialog(documents, runner, folder=tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_batch):
        dialog.start_button.click()
    assert "Saved 3 of 3 PDFs." in dialog.status.text()
    assert dialog.progress.value() == 3
    runner.shutdown()


def test_ctrl_p_in_an_open_intake_prints_that_client(qtbot) -> None:
    from .intake_fakes import FakeIntakeEditing, shipped_checklist

    checklist = shipped_checklist()
    editing = FakeIntakeEditing(checklist, {"intake-of-c1": {
        "format": "clinic-intake/1",
        "client": {"given_names": "María José", "family_names": "González Pérez"}}})
    documents = FakeDocuments()
    services = dataclasses.replace(fake_services(SAMPLE_CLIENTS), editing=editing,
                                   checklist=checklist, documents=documents)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.clients.loading)
    win.clients.view.select_client("c2")  # the list's selection is not who is in front
    win.intakes.open_client("c1")
    qtbot.waitUntil(lambda: win.intakes.editor_for_client("c1") is not None)
    assert win.documents is not None
    win.documents.print_action.trigger()
    qtbot.waitUntil(lambda: bool(documents.previews))
    assert documents.previews[0][0] == "c1"
    assert win.documents.printing.dialog is not None
    win.documents.printing.dialog.close()
    win.close()
