"""The intake summary for the case file: identity, border history, every flag with its level (in
words, not colour alone), reason, facts and sources, deadlines, attorney dispositions, and the
rule pack and as-of date the screening used."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Spacer
from reportlab.platypus.tables import TableStyle

from clinic_app.checklist import describe_date
from clinic_app.countries import country_name
from clinic_app.documents import IntakeSummary, RenderedPdf
from clinic_app.domain import Flag, FlagReview
from forms.pdf.facts import checklist, fact_label, timeline_rows
from forms.pdf.fonts import REGULAR
from forms.pdf.layout import (
    LEVEL_COLORS,
    LEVEL_MARKS,
    MUTED,
    RULE,
    Furniture,
    Lines,
    Styles,
    build,
    styles,
    table,
    text,
)
from forms.pdf.layout import Para as Paragraph
from forms.pdf.texts import Words, load_texts
from forms.rule_pack_loader import default_pack_path, load_rule_pack

GRID = TableStyle([
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])
HEADER_ROW = TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))])


@functools.cache
def citation_notes() -> Mapping[str, str]:
    """URL -> what it supports, from the installed rule pack (the stored flag keeps the URL)."""
    pack = load_rule_pack(default_pack_path())
    return {c.url: c.supports for rule in pack.flags for c in rule.citations}


def render_summary(summary: IntakeSummary) -> RenderedPdf:
    w = Words(load_texts(), summary.lang)
    st = styles(9.5)
    story: list[Flowable] = [Paragraph(text(w("summary", "title")), st.title)]
    story += _identity(summary, w, st)
    story += _timeline(summary, w, st)
    story += _flags(summary, w, st)
    story += _deadlines(summary, w, st)
    story += _reviews(summary, w, st)
    story += _notes(summary, w, st)
    story += _screening_notes(summary, w, st)
    return build(story, furniture(summary, w, "summary"), st,
                 pdf_title=w("summary", "title"))


def furniture(summary: IntakeSummary, w: Words, group: str) -> Furniture:
    footer = w("common", "generated", at=when(summary.generated_at), by=summary.generated_by)
    if summary.screening is not None:
        pack = summary.screening.rule_pack
        footer += " · " + w("summary", "footer_pack", id=pack.id, version=pack.version,
                            as_of=summary.screening.as_of.isoformat())
    return Furniture(clinic=summary.clinic_name, title=w(group, "title"),
                     banner=w(group, "banner"), footer=footer,
                     page_label=lambda page, pages: w("common", "page", page=page, pages=pages))


def when(moment: datetime) -> str:
    """The local time the document was made, with its zone: "2026-07-01 14:03 MST"."""
    local = moment.astimezone() if moment.tzinfo else moment
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()


def identity_pairs(summary: IntakeSummary, w: Words) -> list[tuple[str, str]]:
    doc = summary.document
    client = doc.client
    languages = client.get("languages")
    pairs = [
        (w("identity", "name"), doc.display_name),
        (w("identity", "a_number"), doc.a_number or w("common", "not_recorded")),
        (w("identity", "date_of_birth"), describe_date(client.get("date_of_birth"), w.lang)),
        (w("identity", "nationalities"),
         ", ".join(country_name(c) for c in doc.nationalities) or w("common", "not_recorded")),
        (w("identity", "languages"),
         ", ".join(map(str, languages)) if isinstance(languages, list) and languages
         else w("common", "not_recorded")),
    ]
    if client.get("sex"):
        pairs.append((w("identity", "sex"), str(client["sex"])))
    pairs.append((w("identity", "intake_date"), describe_date(doc.intake_date, w.lang)))
    return pairs


def _identity(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    pairs = identity_pairs(summary, w)
    status = w("summary", f"status_{summary.status.value}")
    pairs += [(w("summary", "intake_status"), status),
              (w("summary", "client_id"), summary.client_id)]
    if summary.checklist_version:
        pairs.append((w("summary", "checklist"), summary.checklist_version))
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [("", "")] * (2 * half - len(pairs))
    rows = [[Paragraph(text(a), st.cell_bold), Paragraph(text(b), st.cell),
             Paragraph(text(c), st.cell_bold), Paragraph(text(d), st.cell)]
            for (a, b), (c, d) in zip(left, right, strict=True)]
    grid = table(rows, colWidths=["17%", "33%", "17%", "33%"])
    grid.setStyle(GRID)
    return [Paragraph(text(w("summary", "client")), st.h1), grid]


def _timeline(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(text(w("summary", "timeline")), st.h1)]
    rows = timeline_rows(summary.document.facts, w)
    if not rows:
        return [*out, Paragraph(text(w("summary", "timeline_none")), st.body)]
    head = [Paragraph(text(w("summary", k)), st.cell_bold)
            for k in ("col_number", "col_event", "col_date", "col_details")]
    body = [[Paragraph(str(n), st.cell), Paragraph(text(name), st.cell),
             Paragraph(text(day), st.cell),
             Paragraph("; ".join(f"<b>{text(k)}</b> {text(v)}" for k, v in details), st.cell)]
            for n, name, day, details in rows]
    grid = table([head, *body], colWidths=["5%", "21%", "20%", "54%"], repeatRows=1)
    grid.setStyle(GRID)
    grid.setStyle(HEADER_ROW)
    return [*out, grid]


def _flags(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    screening = summary.screening
    if screening is None:
        return [Paragraph(text(w("summary", "flags", count=0)), st.h1),
                Paragraph(text(w("summary", "not_screened")), st.body)]
    out: list[Flowable] = [Paragraph(text(w("summary", "flags", count=len(screening.flags))),
                                     st.h1)]
    if not screening.flags:
        return [*out, Paragraph(text(w("summary", "flags_none")), st.body)]
    out.append(Paragraph(text(w("summary", "may_apply")), st.body))
    for flag in screening.flags:
        out += _flag(flag, summary, w, st)
    return out


def level_chip(flag: Flag, w: Words, st: Styles) -> Flowable:
    """The level in words with its mark, on its colour: never colour alone."""
    label = f"{LEVEL_MARKS[flag.level]} {w('levels', flag.level.value)}"
    chip = table([[Paragraph(text(label), st.chip)]], colWidths=[68])
    chip.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), LEVEL_COLORS[flag.level]),
                              ("TOPPADDING", (0, 0), (-1, -1), 2),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return chip


def _flag(flag: Flag, summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    head = table([[level_chip(flag, w, st),
                   Paragraph(f"<b>{text(flag.id)}</b> — {text(flag.title)}", st.h2)]],
                 colWidths=[76, None])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    out: list[Flowable] = [
        CondPageBreak(90), Spacer(1, 6), head,  # a flag's title never ends a page alone
        Paragraph(f"<b>{text(w('summary', 'policy'))}:</b> {text(flag.policy)}", st.small),
        Paragraph(f"<b>{text(w('summary', 'reason'))}:</b> {text(flag.reason)}", st.body)]
    if flag.facts:
        labels = "; ".join(fact_label(p, summary.document.facts, w) for p in flag.facts)
        out.append(Paragraph(f"<b>{text(w('summary', 'facts'))}:</b> {text(labels)}", st.small))
    if flag.sources:
        notes = citation_notes()
        out.append(Paragraph(f"<b>{text(w('summary', 'sources'))}:</b>", st.label))
        out.append(Lines([url + (f" — {notes[url]}" if url in notes else "")
                          for url in flag.sources], font=REGULAR, size=st.muted.fontSize,
                         color=MUTED))
    return out


def _deadlines(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    if not summary.deadlines:
        return []
    rows = []
    for d in summary.deadlines:
        due = d.due.isoformat()
        if d.uncertain:
            due += " (" + w("summary", "deadline_uncertain", latest=d.latest.isoformat()) + ")"
        rows.append([Paragraph(text(due), st.cell_bold), Paragraph(text(d.label), st.cell)])
    grid = table(rows, colWidths=["28%", "72%"])
    grid.setStyle(GRID)
    return [Paragraph(text(w("summary", "deadlines")), st.h1), grid]


def _reviews(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    if summary.reviews is None:
        return []
    out: list[Flowable] = [Paragraph(text(w("summary", "reviews")), st.h1)]
    if not summary.reviews:
        return [*out, Paragraph(text(w("summary", "reviews_none")), st.body)]
    head = [Paragraph(text(w("summary", k)), st.cell_bold)
            for k in ("col_flag", "col_decision", "col_note", "col_by")]
    grid = table([head, *(_review_row(r, w, st) for r in summary.reviews)],
                  colWidths=["18%", "20%", "40%", "22%"], repeatRows=1)
    grid.setStyle(GRID)
    grid.setStyle(HEADER_ROW)
    return [*out, grid]


def _review_row(review: FlagReview, w: Words, st: Styles) -> list[Flowable]:
    flag = review.flag_id or w("summary", "whole_intake")
    by = f"{review.reviewer}, {when(review.decided_at)}"
    return [Paragraph(text(flag), st.cell), Paragraph(
        text(w("dispositions", review.disposition.value)), st.cell),
        Paragraph(text(review.note), st.cell), Paragraph(text(by), st.cell)]


def _notes(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    """The paralegal's free-text notes: for the file only, never the client copy."""
    notes = summary.document.facts.get("notes")
    if not isinstance(notes, str) or not notes.strip():
        return []
    question = checklist().question_at("notes")
    title = question.label.get(w.lang) if question else "Notes"
    return [Paragraph(text(title), st.h1),
            *(Paragraph(text(line), st.body) for line in notes.splitlines() if line.strip())]


def _screening_notes(summary: IntakeSummary, w: Words, st: Styles) -> list[Flowable]:
    screening = summary.screening
    if screening is None:
        return []
    out: list[Flowable] = [Spacer(1, 8)]
    if screening.warnings:
        out.append(Paragraph(text(w("summary", "warnings")), st.h2))
        out += [Paragraph(text(x), st.small, bulletText="•") for x in screening.warnings]
    if screening.not_applicable:
        out.append(Paragraph(f"<b>{text(w('summary', 'checked'))}:</b> "
                             f"{text(', '.join(screening.not_applicable))}", st.small))
    pack = screening.rule_pack
    out.append(Paragraph(text(w("summary", "rule_pack", id=pack.id, version=pack.version,
                                reviewed=pack.reviewed or "—",
                                as_of=screening.as_of.isoformat())), st.small))
    return out
