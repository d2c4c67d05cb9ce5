"""What an import did: how many files went in, and each refused file with its problems."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.services import ImportReport


class ImportResultsDialog(QDialog):
    """Lists every refused file (full path) with its path-named problems, e.g.
    `events[3].date: …`, so the paralegal can open the file and fix exactly that field."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report = report
        self.setWindowTitle(self.tr("Import results"))

        self.summary = QLabel(self._summary_text(), self)
        self.summary.setWordWrap(True)

        self.failures = QTreeWidget(self)
        self.failures.setHeaderHidden(True)
        self.failures.setAccessibleName(self.tr("Files not imported and their problems"))
        self.failures.setRootIsDecorated(True)
        self.failures.setWordWrap(True)
        for failure in report.failed:
            item = QTreeWidgetItem(self.failures, [str(failure.path)])
            item.setToolTip(0, str(failure.path))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for message in failure.messages or (self.tr("The file could not be read."),):
                child = QTreeWidgetItem(item, [message])
                child.setToolTip(0, message)
        self.failures.expandAll()
        self.failures.setVisible(bool(report.failed))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(self.tr("&Copy list"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setEnabled(bool(report.failed))
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.failures, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("M") * 50, metrics.height() * 24)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

    def report_text(self) -> str:
        """The whole result as plain text (for the clipboard, and for tests)."""
        lines = [self.summary.text()]
        for failure in self._report.failed:
            lines.append("")
            lines.append(str(failure.path))
            lines.extend(f"  - {message}" for message in failure.messages)
        return "\n".join(lines)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def _summary_text(self) -> str:
        report = self._report
        done, refused = len(report.imported), len(report.failed)
        imported = (self.tr("1 file imported.") if done == 1
                    else self.tr("{count} files imported.").format(count=done))
        if report.ok:
            return imported
        not_imported = (
            self.tr("1 file not imported: nothing from it was stored. Fix the problems listed "
                    "below and import it again.") if refused == 1
            else self.tr("{count} files not imported: nothing from them was stored. Fix the "
                         "problems listed below and import those files again.").format(
                             count=refused))
        return f"{imported} {not_imported}"
