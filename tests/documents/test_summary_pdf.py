"""The intake summary PDF read back with poppler: the banner on every page, every flag id and
reason, the rule pack and as-of date, "page x of y", embedded fonts, Cyrillic names."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinic_app.domain import Disposition, FlagLevel, FlagReview
from clinic_app.intake_format import load_intake_file
from forms.pdf import PdfDocuments

from .pdf_tools import fonts, norm, pdf_text, render_pages
from .summaries import scenario, scenario_paths, summary_for, summary_of, with_client

RENDERER = PdfDocuments()
BANNER = "CONFIDENTIAL — information about an asylum applicant. Disclosure is restricted by " \
         "8 CFR 208.6."


@pytest.mark.parametrize("path", scenario_paths(), ids=lambda p: p.stem)
def test_every_flag_id_and_reason_and_the_pack_print(path: Path) -> None:
    summary = summary_for(path.name[:3])
    pdf = RENDERER.intake_summary(summary)
    body = norm(pdf_text(pdf.data, body_only=True))
    assert summary.screening is not None
    for flag in summary.screening.flags:
        assert norm(flag.id) in body, flag.id
        assert norm(flag.reason) in body, f"{flag.id}: reason not printed whole"
        assert norm(flag.title) in body
    pack = summary.screening.rule_pack
    assert norm(f"rule pack {pack.id} version {pack.version}") in body
    assert norm(f"as of {summary.screening.as_of.isoformat()}") in body


def test_the_banner_and_page_numbers_are_on_every_page() -> None:
    pdf = RENDERER.intake_summary(summary_for("s01"))
    assert pdf.pages >= 3  # a long file: the banner must repeat, not only open page 1
    pages = pdf_text(pdf.data).split("\f")[: pdf.pages]
    for number, page in enumerate(pages, start=1):
        assert norm(BANNER) in norm(page), f"no banner on page {number}"
        assert f"Page {number} of {pdf.pages}" in page
        assert "Clínica Frontera" in page
        assert norm("Generated 2026-07-01") in norm(page)
        assert "Ana Pérez (paralegal)" in page


def test_levels_are_words_and_dates_read_as_understood() -> None:
    text = pdf_text(RENDERER.intake_summary(summary_for("s01")).data)
    assert "! URGENT" in text and "• REVIEW" in text and "? CHECK" in text
    assert "May apply — attorney to review." in text
    # The border history as a table, dates as the paralegal saw them.
    assert "Border history" in text
    # (A cell's lines interleave with its neighbours' in pdftotext: check one line's worth.)
    for understood in ("sometime in March 2020", "sometime in October 2026",
                       "between 15 Aug 2019", "20 Jun 2019"):
        assert norm(understood) in norm(text), understood
    # Facts in the checklist's words, not JSON paths alone.
    assert norm("Entry into the US #8 (18 Mar 2024)") in norm(text)


def test_a_cyrillic_name_prints_and_only_dejavu_is_embedded(tmp_path: Path) -> None:
    document = with_client(load_intake_file(scenario("s14")), given_names="Павел",
                           family_names="Дрозд")
    pdf = RENDERER.intake_summary(summary_of(document))
    assert "Павел Дрозд" in pdf_text(pdf.data)
    listing = fonts(pdf.data, tmp_path)
    assert "DejaVuSans" in listing
    for line in listing.splitlines()[2:]:
        assert " yes yes " in line, f"a font is not embedded: {line}"
    assert "Helvetica" not in listing


def test_dispositions_print_in_the_file_summary_only() -> None:
    review = FlagReview(intake_id="intake-1", flag_id="ONE-YEAR",
                        disposition=Disposition.CONFIRMED,
                        note="Filed late; argue changed circumstances.",
                        reviewer="Lic. Marta Ruiz", decided_at=datetime(2026, 7, 2, 15, 0,
                                                                        tzinfo=UTC),
                        flag_level=FlagLevel.URGENT)
    summary = replace(summary_for("s01"), reviews=(review,))
    text = norm(pdf_text(RENDERER.intake_summary(summary).data))
    assert norm("Attorney review") in text
    assert norm("Confirmed: applies") in text
    assert norm(review.note) in text and norm(review.reviewer) in text
    copy = norm(pdf_text(RENDERER.client_copy(summary).data))
    assert norm(review.note) not in copy and norm("Confirmed") not in copy


def test_no_review_recorded_yet_is_said_and_missing_review_data_says_nothing() -> None:
    text = pdf_text(RENDERER.intake_summary(summary_for("s03")).data)
    assert "No attorney review recorded yet." in text
    silent = pdf_text(RENDERER.intake_summary(summary_for("s03", reviews=None)).data)
    assert "Attorney review" not in silent


def test_a_spanish_file_summary_uses_the_checklist_and_pack_words() -> None:
    text = norm(pdf_text(RENDERER.intake_summary(summary_for("s01", lang="es")).data))
    assert norm("Resumen de la entrevista — expediente") in text
    assert norm("CONFIDENCIAL") in text and norm("8 CFR 208.6") in text
    assert norm("Historial en la frontera") in text
    assert norm("Entrada a EE. UU.") in text  # the checklist's Spanish event name
    assert norm("Puede aplicar — revisión del abogado.") in text
    assert norm("Página 1 de") in text


@pytest.mark.parametrize("prefix", ["s01", "s10", "s14"])
def test_each_document_renders_with_pdftoppm(prefix: str, tmp_path: Path) -> None:
    summary = summary_for(prefix)
    spanish = summary_for(prefix, lang="es")
    for name, pdf in (("summary", RENDERER.intake_summary(summary)),
                      ("copy-en", RENDERER.client_copy(summary)),
                      ("copy-es", RENDERER.client_copy(spanish))):
        pages = render_pages(pdf.data, tmp_path / name)
        assert len(pages) == pdf.pages >= 1, name
        assert all(p.stat().st_size > 1000 for p in pages), name
