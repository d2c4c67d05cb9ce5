"""Client documents (intake summary, client copy): gather, render, preview, save, print, batch.

Every PDF that leaves the service is audited (`document.printed`, with the copy, language, page
count and where it went): a preview is a PDF on screen, a print is one on paper. The audit row
and the file are one unit of work, so a file never exists without its audit row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clinic_app.audit_log import AuditAction
from clinic_app.deadlines import compute_deadlines, within
from clinic_app.documents import (
    LANGUAGES,
    BatchResult,
    CancelToken,
    DocumentCopy,
    DocumentPreview,
    IntakeSummary,
    Progress,
    RenderedPdf,
    client_language,
    document_file_name,
)
from clinic_app.domain import ScreeningResult, StoredIntake
from clinic_app.errors import ClinicError, NotFound
from clinic_app.ports import (
    AdminUnitOfWork,
    AdminUnitOfWorkFactory,
    DocumentRenderer,
    PageRasterizer,
    Screener,
)
from clinic_app.security import Actor, Permission, require
from clinic_app.services.settings import CLINIC_NAME

DEFAULT_CLINIC_NAME = "Clinic Intake"
PREVIEW_DPI = 96
PRINT_DPI = 300
BATCH_CHUNK = 20  # clients read in one unit of work by a batch


class DocumentService:
    """PDFs of one client's newest intake, for the GUI (preview, save, print) and the CLI.

    `screener` re-words the stored flags in Spanish when the installed rule pack is the one
    that screened the intake; otherwise the stored (English) words print as recorded.
    """

    def __init__(self, uow_factory: AdminUnitOfWorkFactory, renderer: DocumentRenderer, *,
                 actor: Actor, rasterizer: PageRasterizer | None = None,
                 screener: Screener | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._uow = uow_factory
        self._renderer = renderer
        self._rasterizer = rasterizer
        self._screener = screener
        self._clock = clock
        self.actor = actor

    @property
    def can_preview(self) -> bool:
        return self._rasterizer is not None

    # -- one document ----------------------------------------------------------------------

    def summary(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                lang: str | None = None) -> IntakeSummary:
        """What the document would print (not audited: nothing has left the store yet)."""
        require(self.actor, Permission.DOCUMENT_PRINT)
        with self._uow() as uow:
            return self._gather(uow, client_id, copy, lang)

    def render(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
               lang: str | None = None, output: str = "memory") -> RenderedPdf:
        """The PDF as bytes (audited with `output` naming where it goes)."""
        require(self.actor, Permission.DOCUMENT_PRINT)
        with self._uow() as uow:
            summary = self._gather(uow, client_id, copy, lang)
            pdf = self._draw(summary, copy)
            _audit(uow, summary, copy, pdf, output)
        return pdf

    def preview(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                lang: str | None = None, dpi: int = PREVIEW_DPI) -> DocumentPreview:
        """The PDF and an image of each page, for the print preview."""
        rasterizer = self._need_rasterizer()
        pdf = self.render(client_id, copy=copy, lang=lang, output="preview")
        lang = lang or self._default_lang_of(client_id, copy)
        return DocumentPreview(pdf, tuple(rasterizer.page_images(pdf.data, dpi=dpi)),
                               document_file_name(client_id, copy, lang))

    def page_images(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                    lang: str | None = None, dpi: int = PRINT_DPI) -> list[bytes]:
        """Pages at printer resolution, for printing from the GUI (audited as "printer")."""
        rasterizer = self._need_rasterizer()
        pdf = self.render(client_id, copy=copy, lang=lang, output="printer")
        return rasterizer.page_images(pdf.data, dpi=dpi)

    def save(self, client_id: str, path: Path, *, copy: DocumentCopy = DocumentCopy.FILE,
             lang: str | None = None) -> RenderedPdf:
        """Write the PDF to `path` (owner-only permissions: it holds asylum data)."""
        require(self.actor, Permission.DOCUMENT_PRINT)
        with self._uow() as uow:
            summary = self._gather(uow, client_id, copy, lang)
        pdf = self._draw(summary, copy)
        self._write(summary, copy, pdf, path)
        return pdf

    # -- batches ---------------------------------------------------------------------------

    def save_all(self, folder: Path, *, copy: DocumentCopy = DocumentCopy.FILE,
                 lang: str | None = None, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> BatchResult:
        """One PDF per client into `folder`, in the client's language for a client copy unless
        `lang`. Clients are read BATCH_CHUNK at a time in one unit of work; each file is
        written with its own audit row. `cancel` is checked between two documents, and a client
        whose document fails is reported without stopping the others."""
        require(self.actor, Permission.DOCUMENT_PRINT)
        with self._uow() as uow:
            client_ids = [s.client_id for s in uow.clients.summaries()]
        batch = _Batch(len(client_ids), cancel, progress)
        for start in range(0, len(client_ids), BATCH_CHUNK):
            if batch.cancelled():
                break
            for summary in self._gather_many(client_ids[start:start + BATCH_CHUNK], copy, lang,
                                             batch):
                if batch.cancelled():
                    break
                path = folder / document_file_name(summary.client_id, copy, summary.lang)
                try:
                    self._write(summary, copy, self._draw(summary, copy), path)
                except ClinicError as err:
                    batch.fail(summary.client_id, str(err))
                else:
                    batch.wrote(path)
        return batch.result()

    def _gather_many(self, client_ids: list[str], copy: DocumentCopy, lang: str | None,
                     batch: _Batch) -> list[IntakeSummary]:
        out = []
        with self._uow() as uow:
            for client_id in client_ids:
                try:
                    out.append(self._gather(uow, client_id, copy, lang))
                except ClinicError as err:
                    batch.fail(client_id, str(err))
        return out

    # -- internals -------------------------------------------------------------------------

    def _need_rasterizer(self) -> PageRasterizer:
        if self._rasterizer is None:
            raise ClinicError("page images are not available here: save the PDF and open it "
                              "in a PDF viewer instead")
        return self._rasterizer

    def _default_lang_of(self, client_id: str, copy: DocumentCopy) -> str:
        if copy is DocumentCopy.FILE:
            return "en"
        with self._uow() as uow:
            return client_language(_latest(uow, client_id).document)

    def _gather(self, uow: AdminUnitOfWork, client_id: str, copy: DocumentCopy,
                lang: str | None) -> IntakeSummary:
        stored = _latest(uow, client_id)
        chosen = lang or ("en" if copy is DocumentCopy.FILE else client_language(stored.document))
        if chosen not in LANGUAGES:
            raise ClinicError(f"documents are written in English (en) or Spanish (es), not "
                              f"'{chosen}'")
        screening = uow.flags.for_intake(stored.intake_id)
        reviews = (tuple(uow.reviews.for_intake(stored.intake_id))
                   if copy is DocumentCopy.FILE else None)
        now = self._clock()
        deadlines = within(compute_deadlines(stored.document.facts, client_id=client_id,
                                             intake_id=stored.intake_id), now.date(), None)
        return IntakeSummary(
            client_id=client_id, intake_id=stored.intake_id, document=stored.document,
            screening=self._reworded(stored, screening, chosen),
            clinic_name=str(uow.settings.get(CLINIC_NAME, "") or "") or DEFAULT_CLINIC_NAME,
            generated_at=now, generated_by=self.actor.label, lang=chosen, status=stored.status,
            checklist_version=stored.checklist_version, reviews=reviews,
            deadlines=tuple(deadlines))

    def _reworded(self, stored: StoredIntake, screening: ScreeningResult | None,
                  lang: str) -> ScreeningResult | None:
        """The stored flags in `lang`: re-screened as of the same day by the same pack version
        (same flags, other words); otherwise as stored."""
        if screening is None or lang == "en" or self._screener is None:
            return screening
        info: Any = getattr(self._screener, "pack_info", None)
        if info is None or (info.id, info.version) != (screening.rule_pack.id,
                                                       screening.rule_pack.version):
            return screening
        again = self._screener.screen(stored.document, as_of=screening.as_of, lang=lang)
        if [f.id for f in again.flags] != [f.id for f in screening.flags]:
            return screening  # the facts changed since the stored screening: print the record
        return again

    def _write(self, summary: IntakeSummary, copy: DocumentCopy, pdf: RenderedPdf,
               path: Path) -> None:
        """The file and its audit row: a file is never left without its row."""
        wrote = False
        try:
            with self._uow() as uow:
                write_private(path, pdf.data)
                wrote = True
                _audit(uow, summary, copy, pdf, "file", path=path)
        except BaseException:
            if wrote:
                path.unlink(missing_ok=True)
            raise

    def _draw(self, summary: IntakeSummary, copy: DocumentCopy) -> RenderedPdf:
        if copy is DocumentCopy.FILE:
            return self._renderer.intake_summary(summary)
        return self._renderer.client_copy(summary)


class _Batch:
    """Counts a batch as it goes: written files, failures, progress, cancel."""

    def __init__(self, total: int, cancel: CancelToken | None, progress: Progress | None) -> None:
        self.total = total
        self._cancel = cancel
        self._progress = progress
        self._written: list[Path] = []
        self._failed: list[tuple[str, str]] = []

    def cancelled(self) -> bool:
        return self._cancel is not None and self._cancel.cancelled

    def wrote(self, path: Path) -> None:
        self._written.append(path)
        self._step()

    def fail(self, client_id: str, message: str) -> None:
        self._failed.append((client_id, message))
        self._step()

    def _step(self) -> None:
        if self._progress is not None:
            self._progress(len(self._written) + len(self._failed), self.total)

    def result(self) -> BatchResult:
        done = len(self._written) + len(self._failed)
        return BatchResult(tuple(self._written), self.total,
                           cancelled=self.cancelled() and done < self.total,
                           failed=tuple(self._failed))


def _latest(uow: AdminUnitOfWork, client_id: str) -> StoredIntake:
    stored = uow.intakes.latest_for_client(client_id)
    if stored is None:
        raise NotFound(f"no client with id {client_id}")
    return stored


def _audit(uow: AdminUnitOfWork, summary: IntakeSummary, copy: DocumentCopy, pdf: RenderedPdf,
           output: str, *, path: Path | None = None) -> None:
    detail: dict[str, Any] = {"client_id": summary.client_id, "document": copy.audit_name,
                              "lang": summary.lang, "pages": pdf.pages, "output": output}
    if path is not None:
        detail["file"] = path.name  # the name only: folders can name people too
    uow.audit.record(AuditAction.DOCUMENT_PRINTED, entity="intake", entity_id=summary.intake_id,
                     detail=detail)


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only: documents and reports hold asylum data
    (8 CFR 208.6)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
