"""The client's own copy, in the client's language: who they are in our file, the dates they must
not miss, what a lawyer will look at (in "may apply — a lawyer will review" words), and what to
bring. No levels, reasons, internal notes or attorney dispositions: those stay in the file.

What to bring is derived from data only: the documents that the raised flags' reasons name
(texts.yaml `documents`), plus one standing line; nothing here adds legal content.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, Spacer

from clinic_app.checklist import describe_date
from clinic_app.documents import IntakeSummary, RenderedPdf
from clinic_app.domain import Deadline, DeadlineKind
from forms.pdf.layout import Furniture, Styles, build, styles, table, text
from forms.pdf.layout import Para as Paragraph
from forms.pdf.summary import GRID, when
from forms.pdf.texts import NamedDocument, Words, load_texts

_EVENT = "events["


def render_client_copy(summary: IntakeSummary) -> RenderedPdf:
    w = Words(load_texts(), summary.lang)
    st = styles(11)
    doc = summary.document
    story: list[Flowable] = [
        Paragraph(text(w("client_copy", "title")), st.title),
        Paragraph(text(w("client_copy", "intro",
                         date=describe_date(doc.intake_date, w.lang))), st.body),
    ]
    story += _about_you(summary, w, st)
    story += _dates(summary, w, st)
    story += _topics(summary, w, st)
    story += _bring(summary, w, st)
    story += [Spacer(1, 10), Paragraph(text(w("client_copy", "closing")), st.muted)]
    furniture = Furniture(
        clinic=summary.clinic_name, title=w("client_copy", "title"),
        banner=w("client_copy", "banner"),
        footer=w("common", "generated", at=when(summary.generated_at), by=summary.generated_by),
        page_label=lambda page, pages: w("common", "page", page=page, pages=pages))
    return build(story, furniture, st, pdf_title=w("client_copy", "title"))


def _about_you(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    doc = summary.document
    pairs = [(w("identity", "name"), doc.display_name)]
    if doc.a_number:
        pairs.append((w("identity", "a_number"), doc.a_number))
    pairs.append((w("identity", "date_of_birth"),
                  describe_date(doc.client.get("date_of_birth"), w.lang)))
    rows = [[Paragraph(text(k), st.cell_bold), Paragraph(text(v), st.cell)] for k, v in pairs]
    grid = table(rows, colWidths=["30%", "70%"])
    grid.setStyle(GRID)
    return [Paragraph(text(w("client_copy", "about_you")), st.h1), grid]


def _dates(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(text(w("client_copy", "next_dates")), st.h1)]
    if not summary.deadlines:
        return [*out, Paragraph(text(w("client_copy", "next_dates_none")), st.body)]
    rows = []
    for d in summary.deadlines:
        what = w("deadline_kinds", d.kind.value)
        court = _court(d, summary.document.facts)
        if court:
            what += f" — {court}"
        notes = []
        if d.uncertain:
            notes.append(w("client_copy", "date_uncertain"))
        if d.due < summary.today:
            notes.append(w("client_copy", "overdue"))
        day = describe_date(d.due.isoformat(), w.lang)
        if d.uncertain and d.latest != d.due:  # a range, never a single day it may not be
            day += " – " + describe_date(d.latest.isoformat(), w.lang)
        rows.append([Paragraph(f"<b>{text(day)}</b>", st.cell),
                     Paragraph(text(" ".join([what, *notes])), st.cell)])
    grid = table(rows, colWidths=["26%", "74%"])
    grid.setStyle(GRID)
    return [*out, grid]


def _court(deadline: Deadline, facts: Mapping[str, Any]) -> str:
    """The court a hearing is at, as the client told it (no other detail of the deadline)."""
    if deadline.kind is not DeadlineKind.HEARING or not deadline.facts:
        return ""
    path = deadline.facts[0]
    if not path.startswith(_EVENT):
        return ""
    events = facts.get("events")
    index = int(path[len(_EVENT):].split("]", 1)[0])
    event = events[index] if isinstance(events, list) and index < len(events) else None
    court = event.get("court") if isinstance(event, Mapping) else None
    return court if isinstance(court, str) else ""


def _topics(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(text(w("client_copy", "topics")), st.h1)]
    flags = summary.screening.flags if summary.screening else ()
    if not flags:
        return [*out, Paragraph(text(w("client_copy", "topics_none")), st.body)]
    out.append(Paragraph(text(w("client_copy", "topics_intro")), st.body))
    out += [Paragraph(text(f.title), st.body, bulletText="•") for f in flags]
    return out


def documents_to_bring(summary: IntakeSummary) -> list[NamedDocument]:
    """The documents the raised flags' reasons name, each once, in texts.yaml order."""
    flags = summary.screening.flags if summary.screening else ()
    reasons = "\n".join(f.reason for f in flags)
    return [d for d in load_texts().documents if d.named_in(reasons)]


def _bring(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    lines = [d.text(w.lang) for d in documents_to_bring(summary)]
    lines.append(w("client_copy", "bring_always"))
    return [Paragraph(text(w("client_copy", "bring")), st.h1),
            *(Paragraph(text(line), st.body, bulletText="☐") for line in lines)]
