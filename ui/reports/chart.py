"""A chart of one report table, drawn with QPainter (QtCharts is not in PySide6-Essentials).

Bars for categories, columns for months, a pie for shares; every bar and slice carries its count
as text, so the chart reads without colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from clinic_app.reports import ChartKind, ReportTable

MAX_BARS = 15
PIE_COLORS = ("#9E9E9E", "#B00020", "#D98E04", "#2F6DB5", "#2E7D32", "#6A1B9A", "#00838F")
BAR_COLOR = "#2F6DB5"


class ReportChart(QWidget):
    """Shows `set_table(table)`; an empty table or one without a chart shows a sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Chart"))
        self._kind = ChartKind.NONE
        self._pairs: list[tuple[str, int]] = []
        self._empty = self.tr("Nothing to chart.")

    def set_table(self, table: ReportTable | None) -> None:
        if table is None or table.chart is ChartKind.NONE:
            self._kind, self._pairs = ChartKind.NONE, []
        else:
            self._kind = table.chart
            column = table.value_column
            self._pairs = [(str(r[0]), v if isinstance(v := r[column], int) else 0)
                           for r in table.rows]
            if self._kind is ChartKind.BAR and len(self._pairs) > MAX_BARS:
                rest = sum(v for _, v in self._pairs[MAX_BARS - 1:])
                other = self.tr("Other ({count})").format(
                    count=len(self._pairs) - MAX_BARS + 1)
                self._pairs = [*self._pairs[: MAX_BARS - 1], (other, rest)]
        total = sum(v for _, v in self._pairs)
        self.setAccessibleDescription(", ".join(f"{k}: {v}" for k, v in self._pairs)
                                      if total else self._empty)
        self.update()

    def pairs(self) -> list[tuple[str, int]]:
        return list(self._pairs)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 16)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_color)
        if not self._pairs or not any(v for _, v in self._pairs):
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._empty)
        elif self._kind is ChartKind.PIE:
            self._pie(painter, area, text_color)
        elif self._kind is ChartKind.COLUMN:
            self._columns(painter, area, text_color)
        else:
            self._bars(painter, area, text_color)
        painter.end()

    def _bars(self, painter: QPainter, area: QRectF, ink: QColor) -> None:
        metrics = self.fontMetrics()
        label_width = min(max(metrics.horizontalAdvance(k) for k, _ in self._pairs) + 8,
                          area.width() * 0.45)
        number_width = metrics.horizontalAdvance("000000")
        top = max(v for _, v in self._pairs) or 1
        row = min(area.height() / len(self._pairs), metrics.height() * 1.8)
        span = area.width() - label_width - number_width
        for i, (label, value) in enumerate(self._pairs):
            y = area.top() + i * row
            text_rect = QRectF(area.left(), y, label_width - 6, row)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 6))
            painter.setPen(ink)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             shown)
            bar = QRectF(area.left() + label_width, y + row * 0.15, span * value / top,
                         row * 0.7)
            painter.fillRect(bar, QColor(BAR_COLOR))
            painter.drawText(QRectF(bar.right() + 4, y, number_width, row),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             str(value))

    def _columns(self, painter: QPainter, area: QRectF, ink: QColor) -> None:
        metrics = self.fontMetrics()
        top = max(v for _, v in self._pairs) or 1
        label_height = metrics.height() * 1.4
        width = area.width() / len(self._pairs)
        bar_width = min(width * 0.7, metrics.horizontalAdvance("M") * 4)
        usable = area.height() - 2 * label_height
        every = max(1, int(metrics.horizontalAdvance("0000-00 ") // max(width, 1)) + 1)
        for i, (label, value) in enumerate(self._pairs):
            x = area.left() + i * width + (width - bar_width) / 2
            height = usable * value / top
            bar = QRectF(x, area.bottom() - label_height - height, bar_width, height)
            painter.fillRect(bar, QColor(BAR_COLOR))
            painter.setPen(ink)
            painter.drawText(QRectF(x - width, bar.top() - label_height, bar_width + 2 * width,
                                    label_height),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                             str(value))
            if i % every == 0:
                painter.drawText(QRectF(x - width, area.bottom() - label_height,
                                        bar_width + 2 * width, label_height),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                 label)

    def _pie(self, painter: QPainter, area: QRectF, ink: QColor) -> None:
        metrics = self.fontMetrics()
        total = sum(v for _, v in self._pairs)
        side = min(area.height(), area.width() * 0.45)
        circle = QRectF(area.left(), area.top() + (area.height() - side) / 2, side, side)
        start = 90 * 16
        legend_y = area.top() + metrics.height()
        for i, (label, value) in enumerate(self._pairs):
            color = QColor(PIE_COLORS[i % len(PIE_COLORS)])
            span = round(-360 * 16 * value / total)
            painter.setBrush(color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPie(circle, start, span)
            start += span
            swatch = QRectF(circle.right() + 16, legend_y, metrics.height() * 0.8,
                            metrics.height() * 0.8)
            painter.fillRect(swatch, color)
            painter.setPen(ink)
            painter.drawText(QRectF(swatch.right() + 6, legend_y - metrics.height() * 0.2,
                                    area.right() - swatch.right(), metrics.height() * 1.2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{label}: {value} ({100 * value / total:.0f}%)")
            legend_y += metrics.height() * 1.5
