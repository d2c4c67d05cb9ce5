"""Manager reports as PDF: the de-identification line in the banner of every page, a chart per
counted table (ReportLab graphics: bars, columns for months, a pie for review status) and the
tables themselves. Cells are plain strings fitted to their column, so a 500-row listing costs
milliseconds; longer listings stop at MAX_ROWS and say the rest is in the CSV and XLSX files.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from reportlab.platypus.tables import TableStyle

from clinic_app.documents import RenderedPdf
from clinic_app.reports import Cell, ChartKind, Report, ReportTable
from forms.pdf.fonts import BOLD, REGULAR
from forms.pdf.layout import MARGIN, PAGE, RULE, Furniture, build, styles, table, text
from forms.pdf.layout import Para as Paragraph
from forms.pdf.summary import when
from forms.pdf.texts import Words, load_texts

MAX_ROWS = 500
MAX_BARS = 15
CELL_SIZE = 7.5
BAR = colors.HexColor("#2F6DB5")
PIE_COLORS = [colors.HexColor(c) for c in
              ("#9E9E9E", "#B00020", "#D98E04", "#2F6DB5", "#2E7D32", "#6A1B9A", "#00838F")]
WIDTH = PAGE[0] - 2 * MARGIN


def render_report(report: Report, lang: str = "en") -> RenderedPdf:
    w = Words(load_texts(), lang)
    st = styles(9)
    story: list[Flowable] = [
        Paragraph(text(report.title), st.title),
        Paragraph(text(w("report", "period", period=report.period.label())), st.body),
        *(Paragraph(text(n), st.small) for n in report.notes),
    ]
    for t in report.tables:
        heading: list[Flowable] = [Paragraph(text(t.title), st.h1)]
        if t.chart is not ChartKind.NONE and t.rows:
            heading += [chart(t), Spacer(1, 6)]
        # A title never ends a page without its chart and the table's first rows.
        story += [CondPageBreak(60), KeepTogether(heading), *_grid(t, w, st.small)]
    footer = w("report", "generated", at=when(report.generated_at), by=report.generated_by)
    footer += f" · {w('report', 'period', period=report.period.label())}"
    furniture = Furniture(clinic=report.clinic_name, title=report.title,
                          banner=report.privacy_note, footer=footer,
                          page_label=lambda page, pages: w("common", "page", page=page,
                                                           pages=pages))
    return build(story, furniture, st, pdf_title=report.title)


def chart(t: ReportTable) -> Drawing:
    """The table drawn: labels from the first column, values from `t.value_column`."""
    pairs = [(str(r[0]), _number(r[t.value_column])) for r in t.rows]
    if t.chart is ChartKind.PIE:
        return _pie(pairs)
    if t.chart is ChartKind.COLUMN:
        return _columns(pairs)
    return _bars(pairs)


def _number(cell: Cell) -> int:
    return cell if isinstance(cell, int) else 0


def _bars(pairs: list[tuple[str, int]]) -> Drawing:
    if len(pairs) > MAX_BARS:  # the long tail as one bar, so the chart stays readable
        rest = sum(v for _, v in pairs[MAX_BARS - 1:])
        pairs = [*pairs[: MAX_BARS - 1], (f"Other ({len(pairs) - MAX_BARS + 1})", rest)]
    pairs = list(reversed(pairs))  # ReportLab draws the first bar at the bottom
    label_width = 190.0
    height = 16 * len(pairs) + 24
    drawing = Drawing(WIDTH, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = label_width, 14
    bars.width, bars.height = WIDTH - label_width - 30, height - 20
    bars.data = [[v for _, v in pairs]]
    bars.categoryAxis.categoryNames = [_fit(k, label_width - 8, CELL_SIZE) for k, _ in pairs]
    _style_axes(bars)
    bars.bars[0].fillColor = BAR
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = REGULAR
    bars.barLabels.fontSize = CELL_SIZE
    bars.barLabels.nudge = 8
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max((v for _, v in pairs), default=0) * 1.12 + 1
    drawing.add(bars)
    return drawing


def _columns(pairs: list[tuple[str, int]]) -> Drawing:
    height = 170.0
    drawing = Drawing(WIDTH, height)
    columns = VerticalBarChart()
    columns.x, columns.y = 36, 42
    # about 36 points a month, so one month is a column, not a wall
    columns.width, columns.height = min(WIDTH - 50, 36.0 * len(pairs) + 40), height - 56
    columns.data = [[v for _, v in pairs]]
    step = max(1, len(pairs) // 24)  # at most ~24 month labels
    columns.categoryAxis.categoryNames = [k if i % step == 0 else ""
                                          for i, (k, _) in enumerate(pairs)]
    _style_axes(columns)
    columns.categoryAxis.labels.angle = 90 if len(pairs) > 12 else 0
    columns.categoryAxis.labels.boxAnchor = "e" if len(pairs) > 12 else "n"
    columns.bars[0].fillColor = BAR
    columns.valueAxis.valueMin = 0
    drawing.add(columns)
    return drawing


def _pie(pairs: list[tuple[str, int]]) -> Drawing:
    height = 150.0
    drawing = Drawing(WIDTH, height)
    shown = [(k, v) for k, v in pairs if v > 0] or [("—", 1)]
    total = sum(v for _, v in shown)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 20, 10, 130, 130
    pie.data = [v for _, v in shown]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for i in range(len(shown)):
        pie.slices[i].fillColor = PIE_COLORS[i % len(PIE_COLORS)]
    legend = Legend()
    legend.x, legend.y = 180, height - 20
    legend.fontName, legend.fontSize = REGULAR, 8.5
    legend.alignment = "right"
    legend.colorNamePairs = [(PIE_COLORS[i % len(PIE_COLORS)],
                              f"{k}: {v} ({100 * v / total:.0f}%)")
                             for i, (k, v) in enumerate(shown)]
    drawing.add(pie)
    drawing.add(legend)
    return drawing


def _style_axes(chart: HorizontalBarChart | VerticalBarChart) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = CELL_SIZE
        axis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E4E4E4")
    chart.valueAxis.labelTextFormat = "%d"


def _grid(t: ReportTable, w: Words, more_style: ParagraphStyle) -> list[Flowable]:
    rows = t.rows[:MAX_ROWS]
    widths = _column_widths(t.columns, rows)
    body = [[_fit(str(c), widths[i] - 6, CELL_SIZE) for i, c in enumerate(r)] for r in rows]
    head = [_fit(c, widths[i] - 6, CELL_SIZE, font=BOLD) for i, c in enumerate(t.columns)]
    grid = table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    numeric = [i for i in range(len(t.columns)) if rows and all(isinstance(r[i], int)
                                                                 for r in rows)]
    grid.setStyle(TableStyle([
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_SIZE * 1.25),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *(("ALIGN", (i, 0), (i, -1), "RIGHT") for i in numeric),
    ]))
    out: list[Flowable] = [grid]
    if len(t.rows) > MAX_ROWS:
        out.append(Paragraph(text(w("report", "more_rows", count=len(t.rows) - MAX_ROWS)),
                             more_style))
    return out


def _column_widths(columns: Sequence[str], rows: Sequence[tuple[Cell, ...]]) -> list[float]:
    """Widths in proportion to each column's longest text (header included), within the page."""
    wants = []
    for i, title in enumerate(columns):
        longest = max([stringWidth(title, BOLD, CELL_SIZE),
                       *(stringWidth(str(r[i]), REGULAR, CELL_SIZE) for r in rows[:200])])
        wants.append(min(longest + 8, 260.0))
    scale = min(1.0, WIDTH / sum(wants)) if wants else 1.0
    return [x * scale for x in wants]


def _fit(value: str, width: float, size: float, *, font: str = REGULAR) -> str:
    """`value` cut with an ellipsis to `width` points (a cell never spills into the next)."""
    if stringWidth(value, font, size) <= width:
        return value
    low, high = 0, len(value)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(value[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return value[:low] + "…"
