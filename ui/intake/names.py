"""Country and language names in the UI language, for pickers that complete by name.

Qt knows every territory's English name but Spanish names only for territories with a Spanish
locale (es_MX -> México), so the countries most often seen at the border whose Spanish name
differs are listed here; the rest fall back to English, which still completes accent-free.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QLocale

from clinic_app.countries import COUNTRY_NAMES

_SPANISH_COUNTRIES = {
    "AF": "Afganistán", "AM": "Armenia", "AO": "Angola", "AZ": "Azerbaiyán", "BD": "Bangladés",
    "BE": "Bélgica", "BF": "Burkina Faso", "BJ": "Benín", "BY": "Bielorrusia", "BZ": "Belice",
    "CA": "Canadá", "CD": "República Democrática del Congo", "CF": "República Centroafricana",
    "CG": "República del Congo", "CH": "Suiza", "CI": "Costa de Marfil", "CM": "Camerún",
    "CN": "China", "DE": "Alemania", "DZ": "Argelia", "EG": "Egipto", "ER": "Eritrea",
    "ET": "Etiopía", "FR": "Francia", "GB": "Reino Unido", "GE": "Georgia", "GH": "Ghana",
    "GM": "Gambia", "GN": "Guinea", "GY": "Guyana", "HT": "Haití", "IN": "India",
    "IQ": "Irak", "IR": "Irán", "IT": "Italia", "JM": "Jamaica", "JP": "Japón",
    "KG": "Kirguistán", "KR": "Corea del Sur", "KZ": "Kazajistán", "LB": "Líbano",
    "LK": "Sri Lanka", "LR": "Liberia", "MA": "Marruecos", "ML": "Malí",
    "MR": "Mauritania", "NE": "Níger", "NG": "Nigeria", "NL": "Países Bajos", "NP": "Nepal",
    "PK": "Pakistán", "PL": "Polonia", "PT": "Portugal", "RO": "Rumanía", "RU": "Rusia",
    "SA": "Arabia Saudita", "SD": "Sudán", "SL": "Sierra Leona", "SN": "Senegal",
    "SO": "Somalia", "SR": "Surinam", "SY": "Siria", "TD": "Chad", "TG": "Togo",
    "TJ": "Tayikistán", "TR": "Turquía", "TT": "Trinidad y Tobago", "UA": "Ucrania",
    "UZ": "Uzbekistán", "VN": "Vietnam", "YE": "Yemen",
}

# Languages clients speak at the border that Qt does not name (ISO 639-3).
_EXTRA_LANGUAGES = {
    "mam": ("Mam", "mam"), "kek": ("Qʼeqchiʼ", "q'eqchi'"), "cak": ("Kaqchikel", "kaqchikel"),
    "kjb": ("Qʼanjobʼal", "q'anjob'al"), "ixl": ("Ixil", "ixil"), "acc": ("Achi", "achí"),
    "tzh": ("Tzeltal", "tseltal"), "tzo": ("Tzotzil", "tsotsil"), "poh": ("Poqomchiʼ", "poqomchi'"),
    "jac": ("Popti'", "popti'"), "cac": ("Chuj", "chuj"), "mop": ("Mopan", "mopán"),
    "zap": ("Zapotec", "zapoteco"), "mix": ("Mixtec", "mixteco"), "tzj": ("Tzʼutujil", "tz'utujil"),
    "awa": ("Awakateko", "awakateko"), "cab": ("Garifuna", "garífuna"),
}


@dataclass(frozen=True)
class NamedCode:
    """A code with the name shown for it and the folded text a typed name is matched against."""

    code: str
    name: str
    match: str


def fold(text: str) -> str:
    """"México" -> "mexico": what people type without accents still matches."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_name(code: str, lang: str) -> str:
    """The country's name in the UI language ("MX" -> "México" in Spanish)."""
    if lang == "es":
        spanish = _SPANISH_COUNTRIES.get(code) or _spanish_locale_name(code)
        if spanish:
            return spanish
    return COUNTRY_NAMES.get(code, code)


@lru_cache(maxsize=512)
def _spanish_locale_name(code: str) -> str:
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return ""
    locale = QLocale(QLocale.Language.Spanish, territory)
    # Without an es_XX locale Qt falls back to es_ES, which would call every country "España".
    return locale.nativeTerritoryName() if locale.territory() == territory else ""


@lru_cache(maxsize=4)
def countries(lang: str) -> tuple[NamedCode, ...]:
    """Every country, sorted by its name in `lang`; matches the name in both languages."""
    rows = [NamedCode(code, country_name(code, lang),
                      fold(f"{country_name(code, 'en')} {country_name(code, 'es')} {code}"))
            for code in COUNTRY_NAMES]
    return tuple(sorted(rows, key=lambda r: fold(r.name)))


def language_name(code: str, lang: str) -> str:
    """A language's name in `lang`: "es" -> "Spanish"/"español", "mam" -> "Mam"."""
    if code in _EXTRA_LANGUAGES:
        en, es = _EXTRA_LANGUAGES[code]
        return es if lang == "es" else en
    language = QLocale.codeToLanguage(code)
    if language == QLocale.Language.AnyLanguage:
        return code
    if lang == "es":
        return _spanish_language_name(language) or QLocale.languageToString(language)
    return QLocale.languageToString(language)


def _spanish_language_name(language: QLocale.Language) -> str:
    return _SPANISH_LANGUAGES.get(QLocale.languageToCode(language), "")


_SPANISH_LANGUAGES = {
    "es": "español", "en": "inglés", "pt": "portugués", "fr": "francés", "ht": "criollo haitiano",
    "quc": "kʼicheʼ", "ar": "árabe", "ru": "ruso", "tr": "turco", "zh": "chino",
    "bo": "tibetano", "ff": "fula", "wo": "wolof", "uk": "ucraniano", "hi": "hindi",
    "pa": "panyabí", "ne": "nepalí", "bn": "bengalí", "fa": "persa", "ps": "pastún",
    "uz": "uzbeko", "ka": "georgiano", "am": "amárico", "ti": "tigriña", "so": "somalí",
    "de": "alemán", "it": "italiano", "qu": "quechua", "ay": "aimara", "gn": "guaraní",
    "nah": "náhuatl", "ky": "kirguís", "kk": "kazajo", "tg": "tayiko", "vi": "vietnamita",
    "ko": "coreano", "ja": "japonés", "ur": "urdu", "ro": "rumano", "pl": "polaco",
    "ln": "lingala", "sw": "suajili", "yo": "yoruba", "ig": "igbo", "ha": "hausa",
}


@lru_cache(maxsize=4)
def languages(lang: str) -> tuple[NamedCode, ...]:
    """Languages with a 2- or 3-letter ISO 639 code, the border's Mayan languages included."""
    codes: set[str] = set(_EXTRA_LANGUAGES)
    for value in range(1, 400):
        try:
            language = QLocale.Language(value)
        except ValueError:
            continue
        code = QLocale.languageToCode(language)
        if 2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.islower():
            codes.add(code)
    rows = [NamedCode(code, language_name(code, lang),
                      fold(f"{language_name(code, 'en')} {language_name(code, 'es')} {code}"))
            for code in codes]
    return tuple(sorted(rows, key=lambda r: fold(r.name)))
