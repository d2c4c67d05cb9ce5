"""The print preview: a client's document drawn page by page, with Save as PDF and Print.

The pages arrive as images from the document service (the ui never touches PDF libraries); the
choices (which copy, which language) ask for a new preview. The title never names the client:
dialogs stay on screen in shared rooms.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.documents import DocumentCopy, DocumentPreview


class DocumentPreviewDialog(QDialog):
    """Signals:
        options_changed(): the copy or language changed; the controller asks for a preview.
        save_requested(): Save as PDF (Ctrl+S).
        print_requested(): Print (Ctrl+P).
    """

    options_changed = Signal()
    save_requested = Signal()
    print_requested = Signal()

    def __init__(self, client_label: str, *, can_print: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print or save as PDF"))
        self.setObjectName("documentPreview")
        self.preview: DocumentPreview | None = None
        self.page_widgets: list[QLabel] = []

        self.client = QLabel(client_label, self)
        self.client.setObjectName("pageTitle")
        self.copy = QComboBox(self)
        self.copy.addItem(self.tr("Intake summary (case file)"), DocumentCopy.FILE)
        self.copy.addItem(self.tr("Client copy (plain language)"), DocumentCopy.CLIENT)
        self.copy.setAccessibleName(self.tr("Document"))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Usual language"), None)
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.language.setAccessibleName(self.tr("Language of the document"))
        self.language.setToolTip(self.tr("Usual: English for the case file, the client's own "
                                         "language for the client copy"))
        copy_label = QLabel(self.tr("&Document:"), self)
        copy_label.setBuddy(self.copy)
        language_label = QLabel(self.tr("&Language:"), self)
        language_label.setBuddy(self.language)
        self.page_count = QLabel(self)

        self.pages = QWidget(self)
        self.pages.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(12)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.pages)
        self.scroller.setWidgetResizable(True)
        self.scroller.setAccessibleName(self.tr("Preview of the pages"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save as PDF (Ctrl+S)"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("Print (Ctrl+P)"))
        self.print_button.setVisible(can_print)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)

        choices = QHBoxLayout()
        for widget in (copy_label, self.copy, language_label, self.language):
            choices.addWidget(widget)
        choices.addStretch(1)
        choices.addWidget(self.page_count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.client)
        layout.addLayout(choices)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.copy.currentIndexChanged.connect(self.options_changed)
        self.language.currentIndexChanged.connect(self.options_changed)
        self.save_button.clicked.connect(self.save_requested)
        self.print_button.clicked.connect(self.print_requested)
        self.buttons.rejected.connect(self.reject)
        self.set_busy(self.tr("Preparing the preview…"))
        self.resize(self.fontMetrics().horizontalAdvance("M") * 62,
                    self.fontMetrics().height() * 48)

    # -- what the controller reads and sets ------------------------------------------------

    @property
    def chosen_copy(self) -> DocumentCopy:
        # Qt hands a str enum back as a plain str.
        value = self.copy.currentData()
        return DocumentCopy(value) if isinstance(value, str) else DocumentCopy.FILE

    @property
    def chosen_language(self) -> str | None:
        value = self.language.currentData()
        return value if isinstance(value, str) else None

    def set_busy(self, message: str) -> None:
        self.status.setText(message)
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def set_ready(self, message: str = "") -> None:
        self.status.setText(message)
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def show_preview(self, preview: DocumentPreview) -> None:
        """Replace the pages with `preview`'s images."""
        self.preview = preview
        for old in self.page_widgets:
            self.pages_layout.removeWidget(old)
            old.deleteLater()
        self.page_widgets = []
        for number, data in enumerate(preview.page_images, start=1):
            page = QLabel(self.pages)
            pixmap = QPixmap.fromImage(QImage.fromData(data))
            page.setPixmap(pixmap)
            page.setFixedSize(pixmap.size())  # a page is never squeezed to fit the view
            page.setObjectName("previewPage")
            page.setAccessibleName(self.tr("Page {number}").format(number=number))
            page.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(page)
            self.page_widgets.append(page)
        self.pages_layout.activate()  # size the pages now, not on the next layout pass
        pages = preview.pdf.pages
        self.page_count.setText(self.tr("1 page") if pages == 1
                                else self.tr("{count} pages").format(count=pages))
        self.set_ready()

    def show_error(self, message: str) -> None:
        self.status.setText(message)
        self.save_button.setEnabled(self.preview is not None)
        self.print_button.setEnabled(self.preview is not None)
