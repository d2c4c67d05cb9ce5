"""PDF pages as PNG images for the print preview and for printing (clinic_app.ports.PageRasterizer).

PySide6-Essentials has no QtPdf, and ReportLab's renderPM draws its own Drawings, not PDF pages.
pypdfium2 (PDFium, the engine of Chrome's viewer; Apache-2.0/BSD wheels for Windows, macOS and
Linux, no system libraries) renders the very bytes that are saved or printed, in-process and
offline. Poppler's `pdftoppm` is the fallback where pypdfium2 is missing (Linux clinics often have
it); without either, the GUI offers Save as PDF without a preview.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from clinic_app.errors import ClinicError

_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe


class PdfiumRasterizer:
    def page_images(self, pdf: bytes, *, dpi: int = 96) -> list[bytes]:
        pdfium: Any = importlib.import_module("pypdfium2")  # untyped: kept behind this class
        out = []
        with _PDFIUM_LOCK:
            document: Any = pdfium.PdfDocument(pdf)
            try:
                for index in range(len(document)):
                    page = document[index]
                    try:
                        image = page.render(scale=dpi / 72).to_pil()
                    finally:
                        page.close()
                    buffer = io.BytesIO()
                    # Screen previews: no compression (encoding dominated the time); print
                    # resolution: a little, so six pages do not take 150 MB.
                    image.save(buffer, format="PNG", compress_level=0 if dpi <= 150 else 1)
                    out.append(buffer.getvalue())
            finally:
                document.close()
        return out


class PdftoppmRasterizer:
    def __init__(self, program: str) -> None:
        self._program = program

    def page_images(self, pdf: bytes, *, dpi: int = 96) -> list[bytes]:
        with tempfile.TemporaryDirectory(prefix="clinic-preview-") as folder:
            source = Path(folder) / "document.pdf"
            source.write_bytes(pdf)
            try:
                subprocess.run([self._program, "-r", str(dpi), "-png", str(source),
                                str(Path(folder) / "page")], check=True, capture_output=True,
                               timeout=120)
            except (OSError, subprocess.SubprocessError) as exc:
                raise ClinicError(f"the preview could not be drawn ({self._program}: {exc})") \
                    from exc
            pages = sorted(Path(folder).glob("page-*.png"),
                           key=lambda p: int(p.stem.rsplit("-", 1)[1]))
            return [p.read_bytes() for p in pages]


def default_rasterizer() -> PdfiumRasterizer | PdftoppmRasterizer | None:
    """pypdfium2 if installed, else pdftoppm if on PATH, else None (no preview)."""
    if importlib.util.find_spec("pypdfium2") is not None:
        return PdfiumRasterizer()
    program = shutil.which("pdftoppm")
    return PdftoppmRasterizer(program) if program else None
