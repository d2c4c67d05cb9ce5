"""Print / Save as PDF for one client (Ctrl+P): the preview dialog, Save and Print, each on the
TaskRunner so the window never freezes while a PDF or its pages are drawn.

Only the newest answer for the current choices is shown (a quick change of language must not be
overwritten by the slower preview asked for before it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from clinic_app.documents import DocumentPreview, RenderedPdf
from clinic_app.services import DocumentQueries
from ui.documents.preview import DocumentPreviewDialog
from ui.workers import TaskRunner

# (parent, suggested path) -> chosen path, or None when the user cancelled.
AskSavePath = Callable[[QWidget, Path], Path | None]
# (parent) -> a ready printer session, or None when the user cancelled the print dialog.
ChoosePrinter = Callable[[QWidget], "PrintTarget | None"]


class PrintTarget:
    """A printer the user chose; paints page images one per sheet, scaled to the page."""

    def __init__(self, printer: object) -> None:
        self._printer = printer

    def print_pages(self, images: list[bytes]) -> None:
        from PySide6.QtPrintSupport import QPrinter

        printer = self._printer
        assert isinstance(printer, QPrinter)
        painter = QPainter(printer)
        try:
            for number, data in enumerate(images):
                if number:
                    printer.newPage()
                image = QImage.fromData(data)
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(area.x(), area.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(area)
        finally:
            painter.end()


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Save as PDF"), str(suggested),
                                          parent.tr("PDF documents (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def choose_printer(parent: QWidget) -> PrintTarget | None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return PrintTarget(printer)


def printing_available() -> bool:
    try:
        from PySide6 import QtPrintSupport  # noqa: F401
    except ImportError:
        return False
    return True


class DocumentPrinting(QObject):
    """Signals:
        message(str): a plain sentence for the status bar ("Saved …", or what went wrong).
        dialog_opened(object): the DocumentPreviewDialog just shown (tests drive it).
    """

    message = Signal(str)
    dialog_opened = Signal(object)

    PRINT_DPI = 300

    def __init__(self, documents: DocumentQueries, runner: TaskRunner, parent: QWidget, *,
                 ask_path: AskSavePath = ask_save_path,
                 printer: ChoosePrinter = choose_printer) -> None:
        super().__init__(parent)
        self._documents = documents
        self._runner = runner
        self._parent = parent
        # Public so tests (and a future "remember folder" setting) can replace them.
        self.ask_path = ask_path
        self.choose_printer = printer
        self._folder = Path.home()
        self._generation = 0
        self.dialog: DocumentPreviewDialog | None = None

    def open_preview(self, client_id: str, client_label: str) -> DocumentPreviewDialog:
        """Show the preview of `client_id`'s documents (one dialog at a time)."""
        if self.dialog is not None:
            self.dialog.close()
        dialog = DocumentPreviewDialog(client_label, can_print=printing_available(),
                                       parent=self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.options_changed.connect(lambda: self._request_preview(dialog, client_id))
        dialog.save_requested.connect(lambda: self._save(dialog, client_id))
        dialog.print_requested.connect(lambda: self._print(dialog, client_id))
        dialog.destroyed.connect(lambda: self._forget(dialog))
        self.dialog = dialog
        dialog.show()
        self._request_preview(dialog, client_id)
        self.dialog_opened.emit(dialog)
        return dialog

    def _forget(self, dialog: DocumentPreviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _request_preview(self, dialog: DocumentPreviewDialog, client_id: str) -> None:
        self._generation += 1
        generation = self._generation
        copy, lang = dialog.chosen_copy, dialog.chosen_language
        dialog.set_busy(self.tr("Preparing the preview…"))
        documents = self._documents
        if not documents.can_preview:
            dialog.set_ready(self.tr("No preview on this computer: Save as PDF and open the "
                                     "file to look at it."))
            return

        def shown(preview: DocumentPreview) -> None:
            if generation == self._generation and self.dialog is dialog:
                dialog.show_preview(preview)

        def failed(message: str) -> None:
            if generation == self._generation and self.dialog is dialog:
                dialog.show_error(message)

        self._runner.run(lambda: documents.preview(client_id, copy=copy, lang=lang),
                         on_success=shown, on_failure=failed,
                         action=self.tr("preparing the print preview"))

    def _save(self, dialog: DocumentPreviewDialog, client_id: str) -> None:
        suggested = dialog.preview.file_name if dialog.preview else "document.pdf"
        path = self.ask_path(dialog, self._folder / suggested)
        if path is None:
            return
        self._folder = path.parent
        copy, lang = dialog.chosen_copy, dialog.chosen_language
        dialog.set_busy(self.tr("Saving…"))
        documents = self._documents

        def saved(pdf: RenderedPdf) -> None:
            text = self.tr("Saved {path} ({pages} pages).").format(path=path, pages=pdf.pages)
            if self.dialog is dialog:
                dialog.set_ready(text)
            self.message.emit(text)

        self._runner.run(lambda: documents.save(client_id, path, copy=copy, lang=lang),
                         on_success=saved, on_failure=lambda m: self._failed(dialog, m),
                         action=self.tr("saving the PDF"))

    def _print(self, dialog: DocumentPreviewDialog, client_id: str) -> None:
        target = self.choose_printer(dialog)
        if target is None:
            return
        copy, lang = dialog.chosen_copy, dialog.chosen_language
        dialog.set_busy(self.tr("Preparing the pages for the printer…"))
        documents = self._documents

        def printed(images: list[bytes]) -> None:
            target.print_pages(images)
            text = self.tr("Sent {count} pages to the printer.").format(count=len(images))
            if self.dialog is dialog:
                dialog.set_ready(text)
            self.message.emit(text)

        self._runner.run(lambda: documents.page_images(client_id, copy=copy, lang=lang,
                                                       dpi=self.PRINT_DPI),
                         on_success=printed, on_failure=lambda m: self._failed(dialog, m),
                         action=self.tr("preparing the pages for the printer"))

    def _failed(self, dialog: DocumentPreviewDialog, message: str) -> None:
        if self.dialog is dialog:
            dialog.show_error(message)
        self.message.emit(message)
