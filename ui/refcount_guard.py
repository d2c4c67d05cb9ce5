"""Keep None, True and False alive on Python 3.11 under PySide6 6.12.

PySide6 6.12 returns None/True/False from many C++ calls without taking a reference (harmless
on Python 3.12+, where those objects are immortal; PySide6 6.11 does not do it). On 3.11 every
such call lowers their reference count: each signal emit lowers True's, `QComboBox.itemData()`
of an empty item lowers None's. After enough of them (a long test run, a few hours of typing)
the interpreter aborts with "deallocating None". Until the project runs on Python 3.12 or pins
PySide6 below 6.12, this raises their counts by a large margin well before they can reach zero.
The raise is permanent on purpose: a reference held in a list would be released at exit, and
the interpreter would then abort while shutting down.
"""

from __future__ import annotations

import ctypes
import platform
import sys

from PySide6.QtCore import QObject, QTimer

_LOW_WATER = 1_000_000
_RAISE = 10_000_000


def needed() -> bool:
    return sys.version_info < (3, 12) and platform.python_implementation() == "CPython"


def top_up() -> None:
    """Raise the reference count of None/True/False if any of them is running low."""
    if not needed():
        return
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < _LOW_WATER:
            # ob_refcnt is the first field of every CPython 3.11 object.
            ctypes.c_ssize_t.from_address(id(singleton)).value += _RAISE


def install(owner: QObject, interval_ms: int = 60_000) -> QTimer | None:
    """Top up now and then every `interval_ms` while `owner` lives (the QApplication)."""
    if not needed():
        return None
    top_up()
    timer = QTimer(owner)
    timer.timeout.connect(top_up)
    timer.start(interval_ms)
    return timer
