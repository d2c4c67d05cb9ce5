"""File ▸ Import intake files…: pick `clinic-intake/1` files and import them off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from clinic_app.services import ImportReport, IntakeImport
from ui.dialogs.import_results import ImportResultsDialog
from ui.workers import TaskRunner


class IntakeImportFlow(QObject):
    """Asks for files, runs the import in the background and reports what happened.

    Failures are shown in a non-blocking results dialog (each file with its path-named problems);
    a clean import is only announced, never interrupts with a pop-up.

    Signals:
        import_started(int): the number of files handed to the importer.
        import_finished(ImportReport): the importer answered (some files may have failed).
        import_failed(str): the import could not run at all; a plain message.
    """

    import_started = Signal(int)
    import_finished = Signal(object)
    import_failed = Signal(str)

    def __init__(self, importer: IntakeImport, runner: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self._importer = importer
        self._runner = runner
        self._window = window
        self._busy = False
        self._last_dir = ""
        self.results_dialog: ImportResultsDialog | None = None
        self.error_box: QMessageBox | None = None

    @property
    def busy(self) -> bool:
        return self._busy

    def choose_and_import(self) -> None:
        paths = self.ask_for_files()
        if paths:
            self.import_paths(paths)

    def ask_for_files(self) -> list[Path]:
        """The file dialog (tests patch `QFileDialog.getOpenFileNames`)."""
        names, _ = QFileDialog.getOpenFileNames(
            self._window,
            self.tr("Import intake files"),
            self._last_dir,
            self.tr("Intake files (*.json);;All files (*)"),
        )
        paths = [Path(name) for name in names]
        if paths:
            self._last_dir = str(paths[0].parent)
        return paths

    def import_paths(self, paths: Sequence[Path]) -> None:
        if self._busy or not paths:
            return
        self._busy = True
        files = list(paths)
        importer = self._importer
        self.import_started.emit(len(files))
        self._runner.run(
            lambda: importer.import_files(files),
            on_success=self._finished,
            on_failure=self._failed,
            action=self.tr("importing intake files"),
        )

    def summary(self, report: ImportReport) -> str:
        """One status-bar sentence: how many files went in, how many were refused."""
        done, refused = len(report.imported), len(report.failed)
        imported = (self.tr("Imported 1 file.") if done == 1
                    else self.tr("Imported {count} files.").format(count=done))
        if report.ok:
            return imported
        not_imported = (self.tr("1 file not imported — see the list.") if refused == 1
                        else self.tr("{count} files not imported — see the list.").format(
                            count=refused))
        return f"{imported} {not_imported}"

    def _finished(self, report: ImportReport) -> None:
        self._busy = False
        if not report.ok:
            if self.results_dialog is not None:
                self.results_dialog.close()
            self.results_dialog = ImportResultsDialog(report, self._window)
            self.results_dialog.open()
        self.import_finished.emit(report)

    def _failed(self, message: str) -> None:
        self._busy = False
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import intake files"),
                          self.tr("Nothing was imported."), QMessageBox.StandardButton.Close,
                          self._window)
        box.setInformativeText(message)
        self.error_box = box
        box.open()
        self.import_failed.emit(message)
