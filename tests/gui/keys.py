"""Type text into a widget with real key events, safely for non-ASCII (see stack-and-security 4).

`qtbot.keyClicks(w, "González")` aborts the whole process on our stack (qasciikey.cpp assert),
so every character goes in as a `QKeyEvent` carrying its text instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
