"""Page furniture shared by every document: styles, the header with the confidentiality banner on
every page, the footer with "generated at / by" and "page x of y".

"Page x of y" needs the page count before the first page is written, so the canvas keeps each
page's state and draws the numbers when the document is saved (ReportLab's two-pass idiom).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
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


class Para(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A Paragraph that remembers its last line breaking: tables and frames wrap each cell two
    to four times at the same width, and breaking lines is most of a summary's cost."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        cached = self.__dict__.get("_wrapped")
        # ReportLab drops blPara after a split; only a complete, same-width wrap is reused.
        if cached is not None and cached[0] == availWidth and "blPara" in self.__dict__:
            return cast(tuple[float, float], cached[1])
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return cast(tuple[float, float], size)


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
