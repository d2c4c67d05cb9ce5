"""Notice when nobody has touched the keyboard or mouse for a while (the idle lock's trigger)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

# Input that means someone is at the keyboard. Paint, timer and focus events are not.
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    """Filters every event of the application; `idle` fires once after `timeout_s` seconds
    without input, then the watcher stops until `start()` is called again.

    `clock` (seconds, monotonic) and `check_interval_ms` are injectable so tests move time
    forward instead of waiting for it.

    Signals:
        idle(): nobody touched keyboard or mouse for `timeout_s` seconds.
    """

    idle = Signal()

    def __init__(self, timeout_s: float, *, clock: Callable[[], float] = time.monotonic,
                 check_interval_ms: int = 5000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout = timeout_s
        self._clock = clock
        self._last = clock()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)

    @property
    def timeout_s(self) -> float:
        return self._timeout

    @property
    def running(self) -> bool:
        return self._running

    def set_timeout(self, seconds: float) -> None:
        self._timeout = seconds

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("the idle watcher needs a QApplication")
        self._last = self._clock()
        if not self._running:
            app.installEventFilter(self)
            self._running = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if self._running and app is not None:
            app.removeEventFilter(self)
        self._running = False

    def touch(self) -> None:
        """Count as activity (for input the event filter does not see)."""
        self._last = self._clock()

    def idle_for(self) -> float:
        return self._clock() - self._last

    def check(self) -> None:
        if self._running and self.idle_for() >= self._timeout:
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._last = self._clock()
        return False
