"""Save a PDF of every client into a folder: progress, and Cancel between two documents.

The batch runs on the TaskRunner; the service calls back after each document from that thread,
and a relay signal carries the count to the GUI thread (a queued connection). Cancel only sets a
token the service reads between documents, so no file is ever left half written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.documents import BatchResult, CancelToken, DocumentCopy
from clinic_app.services import DocumentQueries
from ui.workers import TaskRunner


class _ProgressRelay(QObject):
    progressed = Signal(int, int)


class BatchPdfDialog(QDialog):
    """Signals:
        finished_batch(object): the BatchResult, after the last document or a cancel.
    """

    finished_batch = Signal(object)

    def __init__(self, documents: DocumentQueries, runner: TaskRunner,
                 parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save PDFs of every client"))
        self._documents = documents
        self._runner = runner
        self._cancel: CancelToken | None = None
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)

        self.folder = QLineEdit(str(folder or Path.home()), self)
        self.folder.setAccessibleName(self.tr("Folder"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        self.copy = QComboBox(self)
        self.copy.addItem(self.tr("Intake summary (case file)"), DocumentCopy.FILE)
        self.copy.addItem(self.tr("Client copy (plain language)"), DocumentCopy.CLIENT)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Usual language"), None)
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.status = QLabel(self.tr("Each file is named by the client's id, never by name; "
                                     "the files are readable by you only."), self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(self.tr("&Save PDFs"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Folder:"), row)
        form.addRow(self.tr("&Document:"), self.copy)
        form.addRow(self.tr("&Language:"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def start(self) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip():
            self.status.setText(self.tr("Choose the folder to save the PDFs in."))
            return
        cancel = self._cancel = CancelToken()
        chosen = self.copy.currentData()  # Qt hands a str enum back as a plain str
        copy = DocumentCopy(chosen) if isinstance(chosen, str) else DocumentCopy.FILE
        lang = self.language.currentData()
        documents, relay = self._documents, self._relay
        self.start_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Saving…"))
        self._runner.run(
            lambda: documents.save_all(folder, copy=copy, lang=lang, cancel=cancel,
                                       progress=relay.progressed.emit),
            on_success=self._finished, on_failure=self._failed,
            action=self.tr("saving the PDFs"))

    def cancel(self) -> None:
        """Stop after the current document; closes the dialog when nothing runs."""
        if self._cancel is None:
            self.reject()
            return
        self._cancel.cancel()
        self.status.setText(self.tr("Stopping after the current document…"))
        self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        if self._cancel is not None:  # Esc while saving: stop, keep the dialog
            self.cancel()
            return
        super().reject()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the PDFs"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(self.tr("{done} of {total} saved…").format(done=done, total=total))

    def _finished(self, result: BatchResult) -> None:
        self._cancel = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, max(result.total, 1))
        self.progress.setValue(len(result.written) + len(result.failed))
        written = len(result.written)
        if result.cancelled:
            text = self.tr("Cancelled: {written} of {total} PDFs saved (kept).")
        else:
            text = self.tr("Saved {written} of {total} PDFs.")
        text = text.format(written=written, total=result.total)
        if result.failed:
            text += " " + self.tr("{count} could not be made: {first}").format(
                count=len(result.failed), first=result.failed[0][1])
        self.status.setText(text)
        self.finished_batch.emit(result)

    def _failed(self, message: str) -> None:
        self._cancel = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.status.setText(message)
