"""Find the ui's stylesheet and icons next to this file, so a checkout and a wheel behave alike."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under `ui/resources/` (shipped as package data, see pyproject)."""
    return RESOURCES.joinpath(*parts)


def stylesheet() -> str:
    """The application stylesheet, or "" if it is missing (native look is still usable)."""
    path = resource_path("style.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def icon(name: str) -> QIcon:
    """An SVG icon from `resources/icons/<name>.svg` (a null icon if absent)."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    return icon("clinic-intake")


def translation_file(language: str) -> Path | None:
    """Compiled Qt Linguist file for `language` ("es_US" -> clinic_intake_es.qm), if shipped."""
    folder = resource_path("i18n")
    for stem in (language, language.split("_")[0]):
        candidate = folder / f"clinic_intake_{stem}.qm"
        if candidate.is_file():
            return candidate
    return None
