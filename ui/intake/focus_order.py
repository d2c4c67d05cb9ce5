"""Tab order = reading order, even after parts of the window were rebuilt.

Qt's default focus chain is creation order, so an event form rebuilt when another event is
selected (or flag cards rebuilt after a screening) would be reached last. Walking the layouts
gives the order a reader sees: top to bottom, left to right.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

_LEAVES = (QAbstractItemView, QComboBox)


def reading_order(root: QWidget) -> list[QWidget]:
    """The widgets Tab should visit under `root`, in layout (reading) order."""
    return [w for w in _walk(root) if w is not root]


def apply_tab_order(root: QWidget) -> list[QWidget]:
    """Chain `root`'s focusable widgets in reading order; returns the chain."""
    order = reading_order(root)
    for first, second in itertools.pairwise(order):
        QWidget.setTabOrder(first, second)
    return order


def _focusable(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def _walk(widget: QWidget) -> Iterator[QWidget]:
    if widget.isHidden():
        return
    if isinstance(widget, _LEAVES):
        if _focusable(widget):
            yield widget
        return
    if isinstance(widget, QStackedWidget):
        current = widget.currentWidget()
        if current is not None:
            yield from _walk(current)
        return
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        if inner is not None:
            yield from _walk(inner)
        return
    if isinstance(widget, QSplitter):
        for i in range(widget.count()):
            child = widget.widget(i)
            if child is not None:
                yield from _walk(child)
        return
    layout = widget.layout()
    if layout is None:
        if _focusable(widget):
            yield widget
        return
    if _focusable(widget) and widget.focusProxy() is None:
        yield widget
    yield from _walk_layout(layout)


def _walk_layout(layout: QLayout) -> Iterator[QWidget]:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        child = item.widget()
        if child is not None:
            yield from _walk(child)
        elif (inner := item.layout()) is not None:
            yield from _walk_layout(inner)
