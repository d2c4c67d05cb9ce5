"""Per-machine UI preferences (QSettings): how this laptop shows the app, never clinic data.

Clinic-wide settings (idle lock, clinic name) live in the store (services.settings); the UI
language is a person's choice at one seat, so a Spanish-speaking paralegal and an
English-speaking attorney can share the clinic's data each in their language.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ui.i18n import DEFAULT_LANGUAGE, supported_language

LANGUAGE_KEY = "ui/language"


class UiPrefs:
    """Typed access to the preferences. `settings` defaults to the app's own QSettings (the
    platform's place for them, named after the organisation and application)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    def language(self) -> str:
        """The chosen UI language ("en_US", "es_US"), en_US when none or an unknown one."""
        value = self._settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE)
        return supported_language(value if isinstance(value, str) else "")

    def set_language(self, language: str) -> None:
        self._settings.setValue(LANGUAGE_KEY, supported_language(language))
        self._settings.sync()
