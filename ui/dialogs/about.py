"""Help ▸ About Clinic Intake: version, where the data lives, which rule pack is screening."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinic_app.services import AppServices
from ui.wording import flag_advice, store_kind_label


class AboutDialog(QDialog):
    """Everything a clinic needs to quote when asking for help (no password or key is shown)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None, *,
                 icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Clinic Intake"))
        store = services.store

        name = QLabel(self.tr("Clinic Intake"), self)
        name.setObjectName("pageTitle")
        version = QLabel(self.tr("Version {version}").format(version=services.version), self)
        self.version_label = version
        heading = QVBoxLayout()
        heading.addWidget(name)
        heading.addWidget(version)
        top = QHBoxLayout()
        if icon is not None and not icon.isNull():
            side = self.fontMetrics().height() * 4
            picture = QLabel(self)
            picture.setPixmap(icon.pixmap(side, side))
            picture.setAccessibleName(self.tr("Clinic Intake logo"))
            top.addWidget(picture)
        top.addLayout(heading, 1)

        facts = QFormLayout()
        facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.location_label = self._value(store.location or self.tr("(not recorded)"))
        facts.addRow(self.tr("Data location:"), self.location_label)
        facts.addRow(self.tr("Store:"), self._value(store_kind_label(store.kind)))
        if store.data_dir and store.data_dir != store.location:
            facts.addRow(self.tr("Data folder:"), self._value(store.data_dir))
        pack = services.rule_pack_version or self.tr("No rule pack loaded")
        self.rule_pack_label = self._value(pack)
        facts.addRow(self.tr("Rule pack:"), self.rule_pack_label)

        self.advice = QLabel(flag_advice(), self)
        self.advice.setWordWrap(True)
        footer = QLabel(self.tr(
            "Free software under the GNU Affero General Public License, version 3 or later.\n"
            "Qt {qt}, PySide6 {pyside}, Python {python}.").format(
                qt=qVersion(), pyside=PySide6.__version__, python=platform.python_version()),
            self)
        footer.setWordWrap(True)
        footer.setObjectName("clientCount")  # the same quiet colour as other secondary text

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(facts)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.advice)
        layout.addWidget(footer)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 42)

    def text(self) -> str:
        """All the dialog's words, one label per line (for copying into a help request)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel) if label.text())

    def _value(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # paths are never markup
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        return label
