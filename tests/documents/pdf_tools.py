"""Reading PDFs back the way a person or a court clerk would: poppler's pdftotext and pdftoppm.

`body_text` crops away the header and footer (pdftotext -y/-H) so a reason that runs across a
page break reads as one piece; `norm` drops whitespace so line wrapping never matters.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

# Letter pages: the body frame lies between the header (banner) and the footer (layout.py).
BODY_TOP, BODY_HEIGHT = 106, 594


def need(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.fail(f"{program} is missing: apt-get install -y poppler-utils")
    return found


def pdf_text(pdf: bytes | Path, *, body_only: bool = False, tmp: Path | None = None) -> str:
    args = [need("pdftotext"), "-enc", "UTF-8"]
    if body_only:
        args += ["-x", "0", "-y", str(BODY_TOP), "-W", "612", "-H", str(BODY_HEIGHT)]
    if isinstance(pdf, Path):
        return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
    return subprocess.run([*args, "-", "-"], input=pdf, check=True,
                          capture_output=True).stdout.decode("utf-8")


def norm(text: str) -> str:
    """Whitespace (and the soft line-break hyphen some viewers add) removed."""
    return "".join(text.replace("\u00ad", "").split())


def render_pages(pdf: bytes, folder: Path, *, dpi: int = 40) -> list[Path]:
    """Rasterize every page with pdftoppm; a broken PDF fails here."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run([need("pdftoppm"), "-r", str(dpi), "-png", str(source),
                    str(folder / "page")], check=True, capture_output=True)
    return sorted(folder.glob("page-*.png"))


def fonts(pdf: bytes, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "fonts.pdf"
    source.write_bytes(pdf)
    return subprocess.run([need("pdffonts"), str(source)], check=True, capture_output=True,
                          text=True).stdout
