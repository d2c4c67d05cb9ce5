"""Country and language pickers that complete by name in the UI language, accents optional.

A list answer shows each chosen item as a removable chip in the order given (the first language
is the preferred one), a box to add more, and, where the checklist allows it, an explicit "None"
(an empty list is an answer: "passed through no country").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.intake.names import NamedCode, fold

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
MATCH_ROLE = Qt.ItemDataRole.UserRole + 2


class FlowLayout(QLayout):
    """Lays chips out left to right and wraps, so a long list fits at 200% scaling too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        gap = self.spacing() if self.spacing() >= 0 else 4
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y()


class _NameFilter(QSortFilterProxyModel):
    """Keeps the names containing what was typed, accents and capitals aside."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int,
                         parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._query:
            return True
        model = self.sourceModel()
        match = model.data(model.index(row, 0, parent), MATCH_ROLE)
        return isinstance(match, str) and self._query in match


class _AdderLine(QLineEdit):
    """The box to add an item: Return adds what was typed (and is not passed on to move the
    focus), an empty Return moves on like any other field."""

    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.add_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class CodeListPicker(QWidget):
    """A list of ISO codes (countries or languages) chosen by name.

    Signals:
        value_edited(object): the new list of codes; [] for an explicit "None"; None when
            nothing is chosen (not asked yet).
    """

    value_edited = Signal(object)

    def __init__(self, names: Sequence[NamedCode], *, empty_label: str = "",
                 placeholder: str = "", allow_codes: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = {n.code: n.name for n in names}
        self._allow_codes = allow_codes  # a language may be typed as its ISO 639 code
        self._codes: list[str] = []
        self._none = False
        self.chips = QWidget(self)
        self.chip_layout = FlowLayout(self.chips)
        self.adder = _AdderLine(self)
        self.adder.setPlaceholderText(placeholder)
        self.not_found = QLabel(self)
        self.not_found.setObjectName("pickerHint")
        self.not_found.hide()
        self.none_box = QCheckBox(empty_label, self) if empty_label else None

        model = QStandardItemModel(self)
        for named in names:
            item = QStandardItem(named.name)
            item.setData(named.code, CODE_ROLE)
            item.setData(named.match, MATCH_ROLE)
            model.appendRow(item)
        self.filter = _NameFilter(self)
        self.filter.setSourceModel(model)
        self.completer = QCompleter(self.filter, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.adder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chips)
        layout.addWidget(self.adder)
        layout.addWidget(self.not_found)
        if self.none_box is not None:
            layout.addWidget(self.none_box)
            self.none_box.toggled.connect(self._none_toggled)
        self.adder.textEdited.connect(self._typed)
        self.adder.add_requested.connect(self.add_typed)
        self.completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self._render()

    # -- API ---------------------------------------------------------------------------------

    def focus_target(self) -> QWidget:
        return self.adder

    def set_accessible(self, name: str, description: str) -> None:
        self.adder.setAccessibleName(name)
        self.adder.setAccessibleDescription(description)

    def set_value(self, value: Any) -> None:
        self._codes = [str(c) for c in value] if isinstance(value, list) else []
        self._none = isinstance(value, list) and not value
        self._render()

    def value(self) -> list[str] | None:
        if self._codes:
            return list(self._codes)
        return [] if self._none else None

    def add_code(self, code: str) -> None:
        if code not in self._codes:
            self._codes.append(code)
        self._none = False
        self._render()
        self.value_edited.emit(self.value())

    def remove_code(self, code: str) -> None:
        if code in self._codes:
            self._codes.remove(code)
            self._render()
            self.value_edited.emit(self.value())
            self.adder.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_typed(self) -> None:
        """Add the best match for what is typed (Return in the box)."""
        text = self.adder.text().strip()
        if not text:
            return
        self.filter.set_query(text)
        exact = [self._code_at(r) for r in range(self.filter.rowCount())
                 if fold(self.filter.index(r, 0).data() or "") == fold(text)]
        if exact or self.filter.rowCount():
            self.add_code(exact[0] if exact else self._code_at(0))
        elif self._allow_codes and text.isascii() and text.isalpha() and 2 <= len(text) <= 3:
            self.add_code(text.lower())
        else:
            self.not_found.setText(self.tr("Nothing found for “{text}”.").format(text=text))
            self.not_found.show()
            return
        self._clear_adder()

    # -- internals ---------------------------------------------------------------------------

    def _code_at(self, row: int) -> str:
        return str(self.filter.index(row, 0).data(CODE_ROLE))

    def _typed(self, text: str) -> None:
        self.not_found.hide()
        self.filter.set_query(text)
        if text.strip():
            self.completer.complete()
        elif (popup := self.completer.popup()) is not None:
            popup.hide()

    def _picked(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if isinstance(code, str):
            self.add_code(code)
        QTimer.singleShot(0, self._clear_adder)  # after QCompleter writes its own text

    def _clear_adder(self) -> None:
        self.adder.clear()
        self.filter.set_query("")

    def _none_toggled(self, checked: bool) -> None:
        self._none = checked
        if checked:
            self._codes = []
        self._render()
        self.value_edited.emit(self.value())

    def _render(self) -> None:
        while (item := self.chip_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for code in self._codes:
            name = self._names.get(code, code)
            chip = QToolButton(self.chips)
            chip.setObjectName("chip")
            chip.setText(f"{name}  ✕")
            chip.setAccessibleName(self.tr("Remove {name}").format(name=name))
            chip.setToolTip(self.tr("Remove {name}").format(name=name))
            chip.clicked.connect(lambda _=False, c=code: self.remove_code(c))
            self.chip_layout.addWidget(chip)
        self.chips.setVisible(bool(self._codes))
        if self.none_box is not None:
            self.none_box.blockSignals(True)
            self.none_box.setChecked(self._none and not self._codes)
            self.none_box.blockSignals(False)
        self.chips.updateGeometry()
