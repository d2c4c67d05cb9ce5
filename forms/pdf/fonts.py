"""DejaVu Sans, shipped in forms/fonts and embedded (subset) in every PDF.

ReportLab's built-in Helvetica is not embedded and prints Cyrillic, Kʼicheʼ's U+02BC and
Vietnamese as black boxes (stack-and-security.md §5); names must print as the client writes
them. Registration parses ~2 MB of TrueType once per process, under a lock because documents are
drawn on worker threads.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family (idempotent); returns the regular face's name."""
    global _registered
    with _lock:
        if not _registered:
            for name, file in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
            # <b> and <i> inside Paragraph markup pick these faces.
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, ITALIC)
            addMapping(REGULAR, 1, 1, BOLD)
            _registered = True
    return REGULAR
