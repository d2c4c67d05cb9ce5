"""Dates as people say them, in English or Spanish, to and from the format's date keys.

A client rarely knows the day: "July 2019", "early that month", "between Christmas and end of
January". `parse_date_entry` keeps what was said at the precision the client can vouch for (the
flags.md 6 conventions: a vague recollection is the month with `approximate: true`) and
`describe_date` says back what was understood, so a misread is caught at the table.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from clinic_app.dates import PartialDate, Precision, parse_partial_date

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre")
ABBR_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ABBR_ES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")

_MONTH_WORDS: dict[str, int] = {}
for _i in range(12):
    for _word in (MONTHS_EN[_i], MONTHS_ES[_i], ABBR_EN[_i], ABBR_ES[_i]):
        _MONTH_WORDS[_word.lower()] = _i + 1
_MONTH_WORDS.update({"sept": 9, "set": 9, "setiembre": 9})

# Said before or after a date to mean "the client is unsure"; longest first.
_APPROX_PREFIXES = ("approximately", "aproximadamente", "alrededor del", "alrededor de",
                    "mas o menos", "cerca del", "cerca de", "approx.", "approx", "aprox.",
                    "aprox", "around", "about", "circa", "hacia el", "hacia", "ca.", "c.", "~")
_APPROX_SUFFIXES = ("approximately", "aproximadamente", "(approximately)", "(approximate)",
                    "(approx.)", "(approx)", "(aproximado)", "(aproximada)", "(aprox.)",
                    "(aprox)", "approx.", "approx", "aprox.", "aprox", "?")
# "Early July", "a finales de julio": the client vouches for the month only.
_PART_OF_MONTH = re.compile(
    r"^(?:early|mid|late|beginning of|the beginning of|end of|the end of|the start of|"
    r"start of|(?:a |en )?(?:principios|comienzos|inicios|mediados|finales|fines)(?: de| del)?)"
    r"\s+(.+)$")
_FILLERS = re.compile(r"^(?:sometime in|some time in|sometime during|in|on|during|"
                      r"en algun momento de|en algun momento del|en|durante|el|del)\s+(.+)$")
_RANGES = (
    re.compile(r"^(?:between|entre)\s+(.+?)\s+(?:and|y|e)\s+(.+)$"),
    re.compile(r"^(?:from|de|desde|del)\s+(.+?)\s+(?:to|till|until|through|a|al|hasta)\s+(.+)$"),
    re.compile(r"^(.+?)\s*(?:\.\.|–|—)\s*(.+)$"),
    re.compile(r"^(.+?)\s+(?:to|until|through|hasta|-)\s+(.+)$"),
)
_TIME = re.compile(r"^(.*?)(?:[\s,]+(?:(?:at|a las|a la)\s+)?|T)(\d{1,2}):(\d{2})"
                   r"(?:\s*\(([^()]+)\))?$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")
_FORMAT_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|ro|o|º|°)?$")

_EXAMPLES_EN = "for example 2019-07-15, 15/07/2019, July 2019, 7/2019 or 2019"
_EXAMPLES_ES = "por ejemplo 2019-07-15, 15/07/2019, julio 2019, 7/2019 o 2019"


class DateEntryError(ValueError):
    """A date entry could not be understood; the message says what to type instead."""

    def __init__(self, message_en: str, message_es: str) -> None:
        self.message_en = message_en
        self.message_es = message_es
        super().__init__(message_en)

    def message(self, lang: str) -> str:
        return self.message_es if lang == "es" else self.message_en


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: "En algún  momento" -> "en algun momento"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def parse_date_entry(text: str, *, allow_range: bool = True) -> dict[str, Any]:
    """Understand a typed date; return the format's keys {date, date_to?, approximate?, time?,
    timezone?} or raise DateEntryError with a plain message in English and Spanish.

    Day-first numeric dates (15/08/2019), as clients and Latin American documents write them;
    an unambiguous month-first date (08/15/2019) is refused rather than guessed.
    `allow_range=False` is for plain date answers such as a date of birth.
    """
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise DateEntryError(f"Type a date, {_EXAMPLES_EN}.", f"Escriba una fecha, {_EXAMPLES_ES}.")
    body, time_, zone = _split_time(raw)
    s = _fold(body).replace("mid-", "mid ")
    s, approximate = _strip_approx(s)
    m = _PART_OF_MONTH.match(s)
    if m:
        s, approximate = m.group(1), True
    s = _strip_fillers(s)
    first, last = _split_range(s)
    start = _parse_single(first, raw)
    end = _parse_single(last, raw) if last is not None else None
    out: dict[str, Any] = {"date": start.text}
    if end is not None and end.text != start.text:
        if end.last < start.first:
            raise DateEntryError(
                f"The second date ({describe_date(end.text)}) is before the first "
                f"({describe_date(start.text)}). Put the earliest date first.",
                f"La segunda fecha ({describe_date(end.text, 'es')}) es anterior a la primera "
                f"({describe_date(start.text, 'es')}). Ponga primero la fecha más temprana.")
        out["date_to"] = end.text
    if approximate:
        out["approximate"] = True
    if time_ is not None:
        if "date_to" in out or start.precision is not Precision.DAY:
            raise DateEntryError("A time of day can only go with one exact day.",
                                 "Una hora solo puede ir con un día exacto.")
        out["time"] = time_
        if zone is not None:
            out["timezone"] = zone
    if not allow_range and ("date_to" in out or approximate):
        raise DateEntryError(
            "Give one date here: a month or a year is enough if the client is unsure.",
            "Aquí va una sola fecha: basta con el mes o el año si la persona no está segura.")
    return out


def _split_time(raw: str) -> tuple[str, str | None, str | None]:
    m = _TIME.match(raw)
    if m is None:
        return raw, None, None
    hour, minute, zone = int(m.group(2)), int(m.group(3)), m.group(4)
    if hour > 23 or minute > 59:
        raise DateEntryError(f"{m.group(2)}:{m.group(3)} is not a time of day: use 00:00 to 23:59.",
                             f"{m.group(2)}:{m.group(3)} no es una hora: use de 00:00 a 23:59.")
    if zone is not None:
        zone = zone.strip()
        if not _is_zone(zone):
            raise DateEntryError(
                f"'{zone}' is not a time zone: use a name such as America/Tijuana.",
                f"'{zone}' no es una zona horaria: use un nombre como America/Tijuana.")
    return m.group(1), f"{hour:02d}:{minute:02d}", zone


def _is_zone(name: str) -> bool:
    if not re.fullmatch(r"[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+|UTC", name):
        return False
    try:
        ZoneInfo(name)
    except Exception:  # zoneinfo raises several kinds for unknown or malformed keys
        return False
    return True


def is_time_zone(name: object) -> bool:
    """True for an IANA time zone name this computer knows (e.g. America/Los_Angeles)."""
    return isinstance(name, str) and _is_zone(name)


def _strip_approx(s: str) -> tuple[str, bool]:
    approximate = False
    changed = True
    while changed:
        changed = False
        s = s.strip(" ,")
        for p in _APPROX_PREFIXES:
            if s.startswith(p) and (p.endswith((".", "~")) or s[len(p):len(p) + 1] in (" ", "")):
                s, approximate, changed = s[len(p):], True, True
                break
        for p in _APPROX_SUFFIXES:
            if s.endswith(p) and (p.startswith(("(", "?")) or s[-len(p) - 1:-len(p)] in (" ", ",")):
                s, approximate, changed = s[: -len(p)], True, True
                break
    return s.strip(" ,"), approximate


def _strip_fillers(s: str) -> str:
    while (m := _FILLERS.match(s)) is not None:
        s = m.group(1)
    return s


def _split_range(s: str) -> tuple[str, str | None]:
    if _ISO.match(s) or _DAY_MONTH_YEAR.match(s) or _MONTH_YEAR.match(s):
        return s, None
    for pattern in _RANGES:
        m = pattern.match(s)
        if m:
            return _strip_fillers(m.group(1).strip(" ,")), _strip_fillers(m.group(2).strip(" ,"))
    return s, None


def _not_understood(raw: str) -> DateEntryError:
    return DateEntryError(f"'{raw}' is not a date we understand: {_EXAMPLES_EN}.",
                          f"No entendemos '{raw}' como fecha: {_EXAMPLES_ES}.")


def _parse_single(s: str, raw: str) -> PartialDate:
    s = s.strip(" ,")
    if m := _ISO.match(s):
        return _build(raw, int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
    if m := _MONTH_YEAR.match(s):
        return _build(raw, int(m.group(2)), int(m.group(1)), None)
    if m := _DAY_MONTH_YEAR.match(s):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        day_text, month_text = m.group(1), m.group(2)
        if len(year) != 4:
            raise DateEntryError(f"'{raw}': write the year with four digits, e.g. 15/08/2019.",
                                 f"'{raw}': escriba el año con cuatro cifras, p. ej. 15/08/2019.")
        if month > 12 and day <= 12:
            raise DateEntryError(
                f"'{raw}': write the day first, then the month: {month_text}/{day_text}/{year}.",
                f"'{raw}': escriba primero el día y luego el mes: {month_text}/{day_text}/{year}.")
        return _build(raw, int(year), month, day)
    return _parse_words(s, raw)


def _parse_words(s: str, raw: str) -> PartialDate:
    """"15 de agosto de 2019", "Aug 15, 2019", "ago 2019", "julio 2019"."""
    fillers = ("de", "del", "of", "the", "el")
    words = [w.rstrip(".") for w in s.replace(",", " ").split() if w not in fillers]
    month = day = year = None
    for word in words:
        if word in _MONTH_WORDS and month is None:
            month = _MONTH_WORDS[word]
        elif re.fullmatch(r"\d{4}", word) and year is None:
            year = int(word)
        elif (m := _ORDINAL.fullmatch(word)) and day is None:
            day = int(m.group(1))
        else:
            raise _not_understood(raw)
    if month is None:
        raise _not_understood(raw)
    if year is None:
        raise DateEntryError(f"'{raw}': add the year, e.g. {MONTHS_EN[month - 1]} 2019.",
                             f"'{raw}': agregue el año, p. ej. {MONTHS_ES[month - 1]} de 2019.")
    return _build(raw, year, month, day)


def _int(group: str | None) -> int | None:
    return int(group) if group is not None else None


def _build(raw: str, year: int, month: int | None, day: int | None) -> PartialDate:
    """Check the parts and say plainly which one is wrong ("There is no 31 February 2020")."""
    if not 1900 <= year <= 2200:
        raise DateEntryError(f"'{raw}': the year {year} is not plausible. Check the year.",
                             f"'{raw}': el año {year} no es posible. Revise el año.")
    if month is None:
        return parse_partial_date(f"{year:04d}")
    if not 1 <= month <= 12:
        raise DateEntryError(f"'{raw}': there is no month {month}. Check the month.",
                             f"'{raw}': no existe el mes {month}. Revise el mes.")
    if day is None:
        return parse_partial_date(f"{year:04d}-{month:02d}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateEntryError(
            f"There is no {day} {MONTHS_EN[month - 1]} {year}. Check the day and the month.",
            f"No existe el {day} de {MONTHS_ES[month - 1]} de {year}. Revise el día y el mes.")
    return parse_partial_date(f"{year:04d}-{month:02d}-{day:02d}")


# -- describe ------------------------------------------------------------------------------


def _short(p: PartialDate, lang: str) -> str:
    abbr = ABBR_ES if lang == "es" else ABBR_EN
    if p.precision is Precision.DAY:
        return f"{p.first.day} {abbr[p.first.month - 1]} {p.first.year}"
    if p.precision is Precision.MONTH:
        return f"{abbr[p.first.month - 1]} {p.first.year}"
    return str(p.first.year)


def _long(p: PartialDate, lang: str) -> str:
    if p.precision is Precision.MONTH:
        if lang == "es":
            return f"{MONTHS_ES[p.first.month - 1]} de {p.first.year}"
        return f"{MONTHS_EN[p.first.month - 1]} {p.first.year}"
    return _short(p, lang)


def describe_date(obj: Mapping[str, Any] | str | None, lang: str = "en") -> str:
    """What a date entry was understood as: "15 Aug 2019", "sometime in July 2019",
    "between Dec 2024 and Jan 2025", "about 15 Aug 2019" (Spanish with lang="es").

    Accepts a dated object or a plain date string; never raises (a broken draft shows as such).
    """
    es = lang == "es"
    if isinstance(obj, str):
        obj = {"date": obj}
    if not isinstance(obj, Mapping) or obj.get("date") in (None, ""):
        return "sin fecha" if es else "no date"
    start = _partial(obj["date"])
    end = _partial(obj["date_to"]) if "date_to" in obj else None
    if start is None or ("date_to" in obj and end is None):
        bad = obj["date"] if start is None else obj["date_to"]
        return f"«{bad}» (fecha no válida)" if es else f"'{bad}' (not a valid date)"
    approx = obj.get("approximate") is True
    if end is not None and end.text != start.text:
        if es:
            a = ("el " if start.precision is Precision.DAY else "") + _short(start, lang)
            b = ("el " if end.precision is Precision.DAY else "") + _short(end, lang)
            text = f"entre {a} y {b}" + (", aproximadamente" if approx else "")
        else:
            text = f"between {_short(start, lang)} and {_short(end, lang)}"
            text += ", approximately" if approx else ""
    elif approx:
        if es:
            text = ("alrededor del " if start.precision is Precision.DAY else "alrededor de ")
            text += _long(start, lang)
        else:
            text = f"about {_long(start, lang)}"
    elif start.precision is Precision.DAY:
        text = _short(start, lang)
    else:
        text = (f"en algún momento de {_long(start, lang)}" if es
                else f"sometime in {_long(start, lang)}")
    time_ = obj.get("time")
    if isinstance(time_, str) and time_:
        text += f" a las {time_}" if es else f" at {time_}"
        zone = obj.get("timezone")
        if isinstance(zone, str) and zone:
            text += f" ({zone})"
    return text


def day_bounds(obj: Any) -> tuple[date, date] | None:
    """Possible-day range (lo, hi) of a dated object or date string; None if it is not valid."""
    if not isinstance(obj, Mapping):
        obj = {"date": obj}
    start = _partial(obj.get("date"))
    end = _partial(obj["date_to"]) if "date_to" in obj else start
    if start is None or end is None:
        return None
    return start.first, end.last


def _partial(value: object) -> PartialDate | None:
    """A format date string (ASCII digits only, as the format requires), or None."""
    if not isinstance(value, str) or not _FORMAT_DATE.fullmatch(value):
        return None
    return _parse_cached(value)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> PartialDate | None:
    try:
        return parse_partial_date(text)
    except ValueError:
        return None
