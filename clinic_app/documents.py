"""Client documents as the core sees them: what a PDF prints (`IntakeSummary`), which copy, in
which language, and the cancel token of a long batch.

The PDFs are drawn in `forms.pdf` (the DocumentRenderer port); the ui only ever receives these
DTOs and bytes, so it never touches ReportLab.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from clinic_app.domain import (
    Deadline,
    FlagReview,
    IntakeDocument,
    IntakeStatus,
    ScreeningResult,
)

LANGUAGES = ("en", "es")
CONFIDENTIAL_CITATION = "8 CFR 208.6"


class DocumentCopy(StrEnum):
    """Which document: the case file's summary or the client's own copy."""

    FILE = "file"  # every flag with reason, facts, citations and attorney dispositions
    CLIENT = "client"  # plain words for the client: no internal notes, levels or dispositions

    @property
    def audit_name(self) -> str:
        return "intake_summary" if self is DocumentCopy.FILE else "client_copy"


def client_language(document: IntakeDocument) -> str:
    """The language a client copy is written in: the first of English or Spanish in the client's
    languages (the checklist asks for the preferred one first); English when neither is listed,
    so ["es", "en"] gives Spanish and ["be", "ru"] gives English."""
    languages = document.client.get("languages")
    if isinstance(languages, list | tuple):
        for code in languages:
            if isinstance(code, str) and code.lower() in LANGUAGES:
                return code.lower()
    return "en"


@dataclass(frozen=True)
class IntakeSummary:
    """Everything a summary or a client copy prints, gathered in one unit of work.

    `screening` holds the flags in `lang` when the service could re-word them (same rule pack),
    else as stored. `reviews` is None when the store holds no review data at all (the PDF then
    says nothing about reviews); an empty tuple means "no attorney review recorded yet".
    """

    client_id: str
    intake_id: str
    document: IntakeDocument
    screening: ScreeningResult | None
    clinic_name: str
    generated_at: datetime
    generated_by: str  # the acting user's label: "Ana Pérez (paralegal)"
    lang: str = "en"
    status: IntakeStatus = IntakeStatus.COMPLETE
    checklist_version: str | None = None
    reviews: tuple[FlagReview, ...] | None = None
    deadlines: tuple[Deadline, ...] = ()

    @property
    def today(self) -> date:
        """The day "next dates" are counted from: the day the document is generated."""
        return self.generated_at.date()


@dataclass(frozen=True)
class RenderedPdf:
    """A finished PDF and its page count (for "page x of y" checks and the preview)."""

    data: bytes
    pages: int


@dataclass(frozen=True)
class DocumentPreview:
    """A rendered document and a PNG image of each page, for the print preview."""

    pdf: RenderedPdf
    page_images: tuple[bytes, ...]
    file_name: str  # a suggestion without the client's name (file lists are not confidential)


class CancelToken:
    """Asked between two documents of a batch; `cancel()` may be called from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


# (done, total): called after each document of a batch, from the thread running the batch.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchResult:
    """What a batch wrote; a cancelled batch keeps the files finished before the cancel."""

    written: tuple[Path, ...]
    total: int
    cancelled: bool = False
    failed: tuple[tuple[str, str], ...] = ()  # (client id, plain message)


def document_file_name(client_id: str, copy: DocumentCopy, lang: str) -> str:
    """"summary-1a2b3c4d-en.pdf": never the client's name, which would show in file lists."""
    stem = "summary" if copy is DocumentCopy.FILE else "client-copy"
    return f"{stem}-{client_id[:8]}-{lang}.pdf"
