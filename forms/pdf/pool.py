"""Batches of PDFs drawn in parallel (clinic_app.ports.BatchRenderer).

ReportLab is pure Python: one process draws one document at a time, so a 1,000-client batch
uses one core. A session starts a pool of worker processes (one per core, at most MAX_WORKERS)
that each load the fonts, texts, checklist and rule pack once and then draw the documents they
are sent; the service still reads the store, writes each file and its audit row itself, in
order. Workers are *spawned*, never forked: forking a process that runs Qt threads can deadlock.
Small batches (fewer than MIN_JOBS) are drawn in this process: starting workers costs a second.

A frozen (PyInstaller) build must call multiprocessing.freeze_support() first thing in main.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from clinic_app.documents import DocumentCopy, IntakeSummary, RenderedPdf
from clinic_app.ports import RenderJob, RenderMany
from forms.pdf import PdfDocuments

MAX_WORKERS = 8
MIN_JOBS = 40

_RENDERER = PdfDocuments()


def render_job(job: tuple[IntakeSummary, DocumentCopy]) -> RenderedPdf:
    summary, copy = job
    if copy is DocumentCopy.CLIENT:
        return _RENDERER.client_copy(summary)
    return _RENDERER.intake_summary(summary)


def _warm() -> None:
    """Load once per worker what every document needs (fonts, texts, checklist, citations)."""
    from forms.pdf.facts import checklist
    from forms.pdf.fonts import register_fonts
    from forms.pdf.summary import citation_notes
    from forms.pdf.texts import load_texts

    register_fonts()
    load_texts()
    checklist()
    citation_notes()


class PdfPool:
    """Draws a batch's documents on all cores; `workers=1` draws them here, one by one."""

    def __init__(self, workers: int | None = None, *, min_jobs: int = MIN_JOBS) -> None:
        self.workers = workers or min(os.cpu_count() or 1, MAX_WORKERS)
        self._min_jobs = min_jobs

    @contextmanager
    def session(self, expected: int) -> Iterator[RenderMany]:
        if self.workers < 2 or expected < self._min_jobs:
            yield _here
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm) as pool:
            def render(jobs: Sequence[RenderJob]) -> list[RenderedPdf]:
                return list(pool.map(render_job, jobs))

            yield render


def _here(jobs: Sequence[RenderJob]) -> list[RenderedPdf]:
    return [render_job(job) for job in jobs]
