"""Page furniture shared by every document: styles, the header with the confidentiality banner on
every page, the footer with "generated at / by" and "page x of y".

"Page x of y" needs the page count before the first page is written, so the canvas keeps each
page's state and draws the numbers when the document is saved (ReportLab's two-pass idiom).
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.tables import TableStyle

from clinic_app.documents import RenderedPdf
from clinic_app.domain import FlagLevel
from forms.pdf.fonts import BOLD, REGULAR, register_fonts

PAGE = LETTER  # US clinics, US courts
MARGIN = 0.7 * inch
HEADER = 0.8 * inch
FOOTER = 0.55 * inch
INK = colors.HexColor("#1B1B1B")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#BBBBBB")
BANNER_FILL = colors.HexColor("#FBE9E9")
BANNER_EDGE = colors.HexColor("#B00020")
LEVEL_COLORS = {
    FlagLevel.URGENT: colors.HexColor("#B00020"),
    FlagLevel.REVIEW: colors.HexColor("#8A5300"),
    FlagLevel.CHECK: colors.HexColor("#1F5FA8"),
}
LEVEL_MARKS = {FlagLevel.URGENT: "!", FlagLevel.REVIEW: "•", FlagLevel.CHECK: "?"}


_PARSED: dict[tuple[str, int, str | None], Any] = {}
_PARSED_MAX = 20_000
_PARSED_LOCK = threading.Lock()


class Para(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A Paragraph that remembers its markup parse and its last line breaking.

    Tables and frames wrap each cell two to four times at the same width; and most cells of
    a batch repeat from one client to the next (labels, headings, event names, sources), so
    their parsed fragments are kept per (text, style) for the process. Fragments are only read
    by line breaking, never changed, and styles come from the memoized `styles()`.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: str | None = None,  # noqa: N803
                 frags: Any = None, **kwargs: Any) -> None:
        if frags is not None or text is None:  # ReportLab's split(): the halves of a paragraph
            super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)
            return
        key = (text, id(style), bulletText)
        frags = _PARSED.get(key)
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)
        if frags is None and self.style is style:  # a <para> tag would have changed the style
            with _PARSED_LOCK:
                if len(_PARSED) >= _PARSED_MAX:
                    _PARSED.clear()
                _PARSED[key] = self.frags

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        cached = self.__dict__.get("_wrapped")
        # ReportLab drops blPara after a split; only a complete, same-width wrap is reused.
        if cached is not None and cached[0] == availWidth and "blPara" in self.__dict__:
            return cast(tuple[float, float], cached[1])
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return cast(tuple[float, float], size)


class Lines(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Plain lines of small text (a flag's sources), wrapped with simpleSplit and drawn with
    drawString: a tenth of a Paragraph's cost, which matters for a 1,000-client batch. Long
    words (URLs) break at the margin. Splits across pages between lines."""

    def __init__(self, items: Sequence[str], *, font: str, size: float, color: Any,
                 bullet: str = "•", indent: float = 9.0) -> None:
        super().__init__()
        self._items = list(items)
        self._font, self._size, self._color = font, size, color
        self._bullet, self._indent = bullet, indent
        self._lines: list[tuple[bool, str]] = []
        self._leading = size * 1.3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._lines = []
        width = avail_width - self._indent
        for item in self._items:
            for number, line in enumerate(_split(item, self._font, self._size, width)):
                self._lines.append((number == 0, line))
        self.width, self.height = avail_width, len(self._lines) * self._leading + 2
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int((avail_height - 2) // self._leading)
        if fit <= 0 or fit >= len(self._lines):
            return []
        first, rest = self._lines[:fit], self._lines[fit:]
        return [_FixedLines(first, self), _FixedLines(rest, self)]

    def draw(self) -> None:
        _draw_lines(self.canv, self._lines, self)


class _FixedLines(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    def __init__(self, lines: list[tuple[bool, str]], like: Lines) -> None:
        super().__init__()
        self._lines, self._like = lines, like

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, len(self._lines) * self._like._leading + 2

    def draw(self) -> None:
        _draw_lines(self.canv, self._lines, self._like)


def _draw_lines(canvas: Canvas, lines: list[tuple[bool, str]], like: Lines) -> None:
    canvas.setFont(like._font, like._size)
    canvas.setFillColor(like._color)
    y = len(lines) * like._leading - like._size
    for first, line in lines:
        if first:
            canvas.drawString(0, y, like._bullet)
        canvas.drawString(like._indent, y, line)
        y -= like._leading


def _split(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while stringWidth(line, font, size) > width:  # a word longer than the line: a URL
            low, high = 1, len(line)
            while low < high:
                mid = (low + high + 1) // 2
                if stringWidth(line[:mid], font, size) <= width:
                    low = mid
                else:
                    high = mid - 1
            lines.append(line[:low])
            line = line[low:]
        lines.append(line)
    return lines


def table(data: Sequence[Sequence[Any]], **kwargs: Any) -> Table:
    """A Table whose cells default to DejaVu: ReportLab sets each cell's font before drawing
    it, Helvetica unless told, even when the cell holds a Paragraph."""
    out = Table(data, **kwargs)
    out.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    return out


def text(value: object) -> str:
    """Plain text made safe for Paragraph markup (names may hold '&' or '<')."""
    return escape(str(value))


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    banner: ParagraphStyle
    chip: ParagraphStyle
    label: ParagraphStyle  # a small heading that must stay with what follows


@functools.cache
def styles(size: float = 9.5) -> Styles:
    """The type scale of one document; `size` is the body size (larger for the client copy)."""
    font = register_fonts()
    lead = size * 1.3
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=lead, textColor=INK,
                          spaceAfter=size * 0.4, bulletFontName=font)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.3),
        muted=ParagraphStyle("muted", parent=body, fontSize=size - 1.5,
                             leading=(size - 1.5) * 1.3, textColor=MUTED),
        title=ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=size + 7,
                             leading=(size + 7) * 1.2, spaceAfter=size * 0.6),
        h1=ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=size + 3,
                          leading=(size + 3) * 1.25, spaceBefore=size * 1.1, spaceAfter=size * 0.5),
        h2=ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=size + 1,
                          leading=(size + 1) * 1.25, spaceBefore=size * 0.6, spaceAfter=size * 0.2),
        cell=ParagraphStyle("cell", parent=body, fontSize=size - 1, leading=(size - 1) * 1.25,
                            spaceAfter=0),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=BOLD, fontSize=size - 1,
                                 leading=(size - 1) * 1.25, spaceAfter=0),
        banner=ParagraphStyle("banner", parent=body, fontName=BOLD, fontSize=8.5, leading=10.5,
                              textColor=BANNER_EDGE, spaceAfter=0),
        chip=ParagraphStyle("chip", parent=body, fontName=BOLD, fontSize=size - 1.5,
                            leading=(size - 1.5) * 1.2, textColor=colors.white, spaceAfter=0,
                            alignment=1),
        label=ParagraphStyle("label", parent=body, fontSize=size - 1.5,
                             leading=(size - 1.5) * 1.3, keepWithNext=1, spaceAfter=1),
    )


@dataclass(frozen=True)
class Furniture:
    """What every page carries: who made it, for whom, and how confidential it is."""

    clinic: str
    title: str
    banner: str
    footer: str  # "Generated … by … · Rule pack … · as of …"
    page_label: Callable[[int, int], str]  # (page, pages) -> "Page 1 of 3"


def build(story: Sequence[Flowable], furniture: Furniture, st: Styles, *,
          pdf_title: str) -> RenderedPdf:
    """Lay out `story` on letter pages with the header and footer; the PDF's title metadata is
    `pdf_title`, which must not name the client (viewers show it in window titles)."""
    out = io.BytesIO()
    width, height = PAGE
    doc = BaseDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN + HEADER, bottomMargin=MARGIN + FOOTER,
                          title=pdf_title, author=furniture.clinic, subject=furniture.banner,
                          creator="Clinic Intake",
                          # else every page starts in Helvetica, an unembedded font in the file
                          initialFontName=REGULAR)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canvas: Canvas, _doc: Any) -> None:
        _draw_header(canvas, furniture, st, width, height)
        _draw_footer(canvas, furniture, st, width)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    pages: list[int] = []

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        return _NumberedCanvas(*args, label=furniture.page_label, font=REGULAR, pages=pages,
                               **kwargs)

    doc.build(list(story), canvasmaker=canvas_maker)
    return RenderedPdf(out.getvalue(), pages[0] if pages else 0)


def _draw_header(canvas: Canvas, f: Furniture, st: Styles, width: float,
                 height: float) -> None:
    canvas.saveState()
    top = height - MARGIN
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10.5)
    canvas.drawString(MARGIN, top - 10, f.clinic)
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - MARGIN, top - 10, f.title)
    banner = Para(text(f.banner), st.banner)
    inner = width - 2 * MARGIN - 12
    _, h = banner.wrap(inner, HEADER)
    box_top = top - 18
    canvas.setFillColor(BANNER_FILL)
    canvas.setStrokeColor(BANNER_EDGE)
    canvas.setLineWidth(1)
    canvas.rect(MARGIN, box_top - h - 8, width - 2 * MARGIN, h + 8, stroke=1, fill=1)
    banner.drawOn(canvas, MARGIN + 6, box_top - h - 4)
    canvas.restoreState()


def _draw_footer(canvas: Canvas, f: Furniture, st: Styles, width: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    y = MARGIN + FOOTER - 12
    canvas.line(MARGIN, y, width - MARGIN, y)
    footer = Para(text(f.footer), st.muted)
    footer.wrap(width - 2 * MARGIN - 1.1 * inch, FOOTER)
    footer.drawOn(canvas, MARGIN, y - 4 - footer.height)
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """Keeps every page until save(), then stamps "page x of y" on each."""

    def __init__(self, *args: Any, label: Callable[[int, int], str], font: str,
                 pages: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._label = label
        self._font = font
        self._count_out = pages
        self._states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._states)
        self._count_out.append(total)
        for number, state in enumerate(self._states, start=1):
            self.__dict__.update(state)
            self.setFont(self._font, 8)
            self.setFillColor(MUTED)
            width = self._pagesize[0]
            self.drawRightString(width - MARGIN, MARGIN + FOOTER - 24,
                                 self._label(number, total))
            super().showPage()
        super().save()
