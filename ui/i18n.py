"""UI languages: install a language's translations (ours and Qt's) and its locale, live.

Switching installs new QTranslators on the application; Qt then sends every widget a
LanguageChange event and each retranslates itself in place (`changeEvent` -> `retranslate`),
so what is typed in open editors stays where it is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui import assets

DEFAULT_LANGUAGE = "en_US"
# Each language named in itself: someone who cannot read the current one still finds theirs.
LANGUAGES: tuple[tuple[str, str], ...] = (("en_US", "English"), ("es_US", "Español"))
TRANSLATOR_NAME = "clinicIntakeTranslator"
_QT_CATALOGUES = ("qtbase",)  # standard buttons, text-box context menus, file dialogs


def supported_language(language: str) -> str:
    """`language` if the app has it ("es" and "es_MX" mean es_US), else en_US."""
    codes = [code for code, _ in LANGUAGES]
    if language in codes:
        return language
    base = language.split("_")[0]
    return next((code for code in codes if code.split("_")[0] == base), DEFAULT_LANGUAGE)


def current_language() -> str:
    return supported_language(QLocale().name())


def apply_language(app: QCoreApplication, language: str) -> str:
    """Make `language` the UI language of `app`: its translations replace the ones installed
    before, and its locale becomes the default (dates as "15 ago 2019" in Spanish). Returns
    the language applied (en_US for one the app does not have)."""
    language = supported_language(language)
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    QLocale.setDefault(QLocale(language))
    for path in _catalogues(language):
        translator = QTranslator(app)  # parented to the app: it lives as long as the app
        translator.setObjectName(TRANSLATOR_NAME)
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
        else:
            translator.deleteLater()
    return language


def _catalogues(language: str) -> list[str]:
    if language == DEFAULT_LANGUAGE:
        return []  # the source strings are English
    found = []
    ours = assets.translation_file(language)
    if ours is not None:
        found.append(str(ours))
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = language.split("_")[0]
    for catalogue in _QT_CATALOGUES:
        translator = QTranslator()
        if translator.load(f"{catalogue}_{base}", qt_folder):
            found.append(translator.filePath())
    return found
