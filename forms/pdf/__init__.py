"""Printed documents (ReportLab platypus, DejaVu embedded): the intake summary for the file, the
client's copy, and manager reports with charts. `PdfDocuments` is the DocumentRenderer port."""

from __future__ import annotations

from clinic_app.documents import IntakeSummary, RenderedPdf


class PdfDocuments:
    """clinic_app.ports.DocumentRenderer; stateless, safe to share between threads (fonts,
    texts, checklist and rule pack citations are loaded once per process, on first use, so
    commands that print nothing never load ReportLab)."""

    def intake_summary(self, summary: IntakeSummary) -> RenderedPdf:
        from forms.pdf.summary import render_summary

        return render_summary(summary)

    def client_copy(self, summary: IntakeSummary) -> RenderedPdf:
        from forms.pdf.client_copy import render_client_copy

        return render_client_copy(summary)


__all__ = ["PdfDocuments"]
