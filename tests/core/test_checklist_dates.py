"""Date entry: what paralegals type, in English and Spanish, and what the window says back."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_app.checklist import DateEntryError, describe_date, parse_date_entry

SETTINGS = settings(database=None, deadline=None, max_examples=200)


@pytest.mark.parametrize(("text", "expected"), [
    ("2019", {"date": "2019"}),
    ("2019-07", {"date": "2019-07"}),
    ("2019-07-15", {"date": "2019-07-15"}),
    ("2019-7-4", {"date": "2019-07-04"}),
    ("7/2019", {"date": "2019-07"}),
    ("07/2019", {"date": "2019-07"}),
    ("15/08/2019", {"date": "2019-08-15"}),
    ("15-08-2019", {"date": "2019-08-15"}),
    ("15.08.2019", {"date": "2019-08-15"}),
    ("Aug 2019", {"date": "2019-08"}),
    ("August 2019", {"date": "2019-08"}),
    ("ago 2019", {"date": "2019-08"}),
    ("agosto de 2019", {"date": "2019-08"}),
    ("Sept 2019", {"date": "2019-09"}),
    ("setiembre 2019", {"date": "2019-09"}),
    ("15 Aug 2019", {"date": "2019-08-15"}),
    ("Aug 15, 2019", {"date": "2019-08-15"}),
    ("15 de agosto de 2019", {"date": "2019-08-15"}),
    ("1ro de agosto de 2019", {"date": "2019-08-01"}),
    ("sometime in July 2019", {"date": "2019-07"}),
    ("en algún momento de julio de 2019", {"date": "2019-07"}),
    ("en algun momento de julio de 2019", {"date": "2019-07"}),
    ("between 2024-12 and 2025-01", {"date": "2024-12", "date_to": "2025-01"}),
    ("between Dec 2024 and Jan 2025", {"date": "2024-12", "date_to": "2025-01"}),
    ("entre dic 2024 y ene 2025", {"date": "2024-12", "date_to": "2025-01"}),
    ("entre el 26 dic 2024 y el 31 ene 2025", {"date": "2024-12-26", "date_to": "2025-01-31"}),
    ("from July 2019 to Aug 2019", {"date": "2019-07", "date_to": "2019-08"}),
    ("desde julio 2019 hasta agosto 2019", {"date": "2019-07", "date_to": "2019-08"}),
    ("2024-12..2025-01", {"date": "2024-12", "date_to": "2025-01"}),
    ("~2019-08-15", {"date": "2019-08-15", "approximate": True}),
    ("approx 2019-08-15", {"date": "2019-08-15", "approximate": True}),
    ("approx. 2019-08-15", {"date": "2019-08-15", "approximate": True}),
    ("2019-08-15 (approx)", {"date": "2019-08-15", "approximate": True}),
    ("about 15 Aug 2019", {"date": "2019-08-15", "approximate": True}),
    ("aprox. 15/08/2019", {"date": "2019-08-15", "approximate": True}),
    ("alrededor del 15 ago 2019", {"date": "2019-08-15", "approximate": True}),
    ("2019?", {"date": "2019", "approximate": True}),
    # flags.md 6: a vague recollection is the month the client can vouch for, approximate.
    ("early July 2019", {"date": "2019-07", "approximate": True}),
    ("mid-July 2019", {"date": "2019-07", "approximate": True}),
    ("a principios de julio de 2019", {"date": "2019-07", "approximate": True}),
    ("a finales de julio de 2019", {"date": "2019-07", "approximate": True}),
    ("2023-05-11 21:00", {"date": "2023-05-11", "time": "21:00"}),
    ("11 May 2023 at 21:00 (America/Los_Angeles)",
     {"date": "2023-05-11", "time": "21:00", "timezone": "America/Los_Angeles"}),
    ("11 may 2023 a las 9:05 (America/Tijuana)",
     {"date": "2023-05-11", "time": "09:05", "timezone": "America/Tijuana"}),
])
def test_accepts_what_people_type(text: str, expected: dict[str, object]) -> None:
    assert parse_date_entry(text) == expected


@pytest.mark.parametrize(("text", "en_words", "es_words"), [
    ("31/02/2020", "There is no 31 February 2020", "No existe el 31 de febrero de 2020"),
    ("2019-02-29", "There is no 29 February 2019", "No existe el 29 de febrero de 2019"),
    ("13/2019", "there is no month 13", "no existe el mes 13"),
    ("08/15/2019", "write the day first", "escriba primero el día"),
    ("15/08/19", "four digits", "cuatro cifras"),
    ("July", "add the year", "agregue el año"),
    ("1850", "Check the year", "Revise el año"),
    ("nonsense", "is not a date we understand", "como fecha"),
    ("", "Type a date", "Escriba una fecha"),
    ("   ", "Type a date", "Escriba una fecha"),
    ("between 2025 and 2024", "before the first", "anterior a la primera"),
    ("2019-08-15 25:00", "not a time of day", "no es una hora"),
    ("15 Aug 2019 at 10:00 (Mars/Olympus)", "not a time zone", "no es una zona horaria"),
    ("between 2019 and 2020 at 10:00", "one exact day", "un día exacto"),
])
def test_nonsense_gets_a_plain_message_in_both_languages(text: str, en_words: str,
                                                         es_words: str) -> None:
    with pytest.raises(DateEntryError) as info:
        parse_date_entry(text)
    assert en_words in info.value.message_en
    assert es_words in info.value.message_es
    assert isinstance(info.value, ValueError)
    assert "Traceback" not in str(info.value)


@pytest.mark.parametrize("text", ["between 2024-12 and 2025-01", "~2019", "early July 2019"])
def test_a_plain_date_answer_refuses_ranges_and_doubt(text: str) -> None:
    with pytest.raises(DateEntryError, match="one date"):
        parse_date_entry(text, allow_range=False)
    assert parse_date_entry("2019-07", allow_range=False) == {"date": "2019-07"}


@pytest.mark.parametrize(("obj", "en", "es"), [
    ("2019-08-15", "15 Aug 2019", "15 ago 2019"),
    ({"date": "2019-08-15"}, "15 Aug 2019", "15 ago 2019"),
    ({"date": "2019-07"}, "sometime in July 2019", "en algún momento de julio de 2019"),
    ({"date": "2019"}, "sometime in 2019", "en algún momento de 2019"),
    ({"date": "2024-12", "date_to": "2025-01"}, "between Dec 2024 and Jan 2025",
     "entre dic 2024 y ene 2025"),
    ({"date": "2024-12-26", "date_to": "2025-01-31", "approximate": True},
     "between 26 Dec 2024 and 31 Jan 2025, approximately",
     "entre el 26 dic 2024 y el 31 ene 2025, aproximadamente"),
    ({"date": "2019-08-15", "approximate": True}, "about 15 Aug 2019", "alrededor del 15 ago 2019"),
    ({"date": "2019-07", "approximate": True}, "about July 2019", "alrededor de julio de 2019"),
    ({"date": "2023-05-11", "time": "21:00", "timezone": "America/Los_Angeles"},
     "11 May 2023 at 21:00 (America/Los_Angeles)",
     "11 may 2023 a las 21:00 (America/Los_Angeles)"),
    ({"date": "2019-07", "date_to": "2019-07"}, "sometime in July 2019",
     "en algún momento de julio de 2019"),
])
def test_describe_date_says_what_was_understood(obj: object, en: str, es: str) -> None:
    assert describe_date(obj, "en") == en  # type: ignore[arg-type]
    assert describe_date(obj, "es") == es  # type: ignore[arg-type]


@pytest.mark.parametrize("obj", [None, {}, {"date": ""}, {"date": "2019-13"}, {"date": 5},
                                 {"date": "2019", "date_to": "garbage"}, "31/02/2020", []])
def test_describe_date_never_raises_on_a_broken_draft(obj: object) -> None:
    for lang in ("en", "es"):
        assert describe_date(obj, lang)  # type: ignore[arg-type]


@st.composite
def date_entries(draw: st.DrawFn) -> dict[str, object]:
    """Valid date entries as the checklist stores them."""
    def partial() -> tuple[str, date, date]:
        year = draw(st.integers(1930, 2030))
        precision = draw(st.sampled_from(["year", "month", "day"]))
        if precision == "year":
            return f"{year}", date(year, 1, 1), date(year, 12, 31)
        month = draw(st.integers(1, 12))
        last = calendar.monthrange(year, month)[1]
        if precision == "month":
            return f"{year}-{month:02d}", date(year, month, 1), date(year, month, last)
        day = draw(st.integers(1, last))
        return f"{year}-{month:02d}-{day:02d}", date(year, month, day), date(year, month, day)

    text, lo, _ = partial()
    entry: dict[str, object] = {"date": text}
    if draw(st.booleans()):
        to_text, _, to_hi = partial()
        if to_hi >= lo and to_text != text:
            entry["date_to"] = to_text
    if draw(st.booleans()):
        entry["approximate"] = True
    if "date_to" not in entry and len(text) == 10 and draw(st.booleans()):
        entry["time"] = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
        if draw(st.booleans()):
            entry["timezone"] = draw(st.sampled_from(["America/Los_Angeles", "America/Tijuana"]))
    return entry


@SETTINGS
@given(date_entries(), st.sampled_from(["en", "es"]))
def test_what_describe_date_shows_can_be_typed_back(entry: dict[str, object], lang: str) -> None:
    assert parse_date_entry(describe_date(entry, lang)) == entry


@SETTINGS
@given(st.text(max_size=40))
def test_parse_date_entry_either_understands_or_says_why(text: str) -> None:
    try:
        entry = parse_date_entry(text)
    except DateEntryError as err:
        assert err.message_en and err.message_es
    else:
        assert describe_date(entry)
