"""The client's copy: plain words in the client's language, what to bring (named by the flags'
reasons, nothing invented), next dates, and nothing internal (levels, reasons, notes)."""

from __future__ import annotations

from forms.pdf import PdfDocuments
from forms.pdf.client_copy import documents_to_bring

from .pdf_tools import norm, pdf_text
from .summaries import summary_for

RENDERER = PdfDocuments()


def copy_text(prefix: str, lang: str) -> str:
    return norm(pdf_text(RENDERER.client_copy(summary_for(prefix, lang=lang)).data))


def test_spanish_copy_speaks_plainly_and_lists_what_to_bring() -> None:
    text = copy_text("s01", "es")
    for words in ("Resumen de su entrevista", "PRIVADO", "8 CFR 208.6", "Sus datos",
                  "Ana Lucía Rosales Ferrera", "Fechas importantes", "Lo que revisará un abogado",
                  "Estas reglas pueden aplicar a su caso. Un abogado tiene que revisarlas con "
                  "usted: no son una decisión sobre su caso.", "Qué traer la próxima vez",
                  "Su I-94", "correo de confirmación", "lista de espera", "Página 1 de"):
        assert norm(words) in text, words
    # Flag titles in the client's language, from the rule pack's Spanish texts.
    assert norm("Entró con una cita de CBP One") in text


def test_english_copy_has_the_same_parts() -> None:
    text = copy_text("s01", "en")
    for words in ("Your intake summary", "PRIVATE", "Important dates", "What a lawyer will look at",
                  "These rules may apply to your case. A lawyer has to review them with you",
                  "What to bring next time", "Your I-94", "Page 1 of"):
        assert norm(words) in text, words


def test_nothing_internal_reaches_the_client() -> None:
    summary = summary_for("s01", lang="en")
    text = norm(pdf_text(RENDERER.client_copy(summary).data))
    assert summary.screening is not None
    for flag in summary.screening.flags:
        assert norm(flag.reason)[:60] not in text, flag.id
        assert norm(flag.policy) not in text or flag.policy in flag.title
    for internal in ("URGENT", "REVIEW", "CHECK", "attorney to review", "Sources", "Why:"):
        assert norm(internal) not in text, internal
    notes = summary.document.facts.get("notes")
    assert isinstance(notes, str) and norm(notes)[:40] not in text


def test_what_to_bring_comes_only_from_the_flags_reasons() -> None:
    assert documents_to_bring(summary_for("s14")) == []  # no flag: only the standing line
    named = {d.id for d in documents_to_bring(summary_for("s01"))}
    assert {"i94", "cbp_one", "waitlist", "i589"} <= named
    summary = summary_for("s01")
    assert summary.screening is not None
    reasons = " ".join(f.reason for f in summary.screening.flags)
    assert "I-94" in reasons and "waitlist" in reasons  # each listed document is named there
    text = copy_text("s14", "en")
    assert norm("Nothing in what you told us needs a special review for now.") in text
    assert norm("Any papers you have from immigration officers or from a court") in text


def test_next_dates_say_when_a_date_is_uncertain() -> None:
    text = copy_text("s01", "es")
    assert norm("Audiencia en la corte de inmigración") in text
    assert norm("1 oct 2026 – 31 oct 2026") in text  # "sometime in October 2026": a range
    assert norm("(no sabemos el día exacto: esté preparado desde la primera fecha)") in text
    english = copy_text("s01", "en")
    assert norm("Immigration court hearing") in english
    assert norm("(we do not know the exact day: be ready from the first date)") in english
