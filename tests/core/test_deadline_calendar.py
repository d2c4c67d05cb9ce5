"""The .ics export parses with `icalendar`, holds one event per deadline and names nobody."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar

from clinic_app.deadline_calendar import client_initials, deadline_calendar
from clinic_app.deadlines import compute_deadlines, deadline_uid
from clinic_app.domain import Deadline, DeadlineKind

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"

NOW = datetime(2026, 7, 1, 15, 30, tzinfo=UTC)


def scenario_deadlines() -> list[Deadline]:
    rows = []
    for n, path in enumerate(sorted(SCENARIOS.glob("s*.json")), start=1):
        facts = json.loads(path.read_text(encoding="utf-8"))
        client = facts["client"]
        name = f"{client['given_names']} {client['family_names']}"
        for d in compute_deadlines(facts, client_id=f"{n:08x}-aaaa-bbbb", intake_id=f"i{n}"):
            rows.append(Deadline(**{**d.__dict__, "client_name": name}))
    return rows


def test_the_file_parses_and_holds_exactly_one_event_per_deadline() -> None:
    rows = scenario_deadlines()
    assert len(rows) >= 10
    text = deadline_calendar(rows, now=NOW)
    cal = icalendar.Calendar.from_ical(text)
    assert cal["VERSION"] == "2.0" and "Clinic Intake" in str(cal["PRODID"])
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(rows)
    assert sorted(str(e["UID"]) for e in events) == sorted(deadline_uid(d) for d in rows)
    assert len({str(e["UID"]) for e in events}) == len(rows)
    for event, d in zip(events, rows, strict=True):
        start = event.decoded("DTSTART")
        assert isinstance(start, date) and not isinstance(start, datetime)  # all-day
        assert start == d.due and event.decoded("DTEND") == d.due + timedelta(days=1)
        assert event.decoded("DTSTAMP") == NOW
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(days=-7)
        assert str(alarm["ACTION"]) == "DISPLAY"


def test_no_client_name_appears_anywhere_in_the_file() -> None:
    rows = scenario_deadlines()
    text = deadline_calendar(rows, now=NOW)
    unfolded = text.replace("\r\n ", "")
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        summary = str(event["SUMMARY"])
        assert summary.split(" — ")[1].startswith("client ")
    for d in rows:
        for word in d.client_name.split():
            if len(word) > 2:
                assert word not in unfolded, word
        assert d.client_id.split("-")[0] in unfolded


def test_uncertain_dates_say_earliest_possible() -> None:
    (d,) = compute_deadlines({"format": "clinic-intake/1", "client": {"given_names": "Ñandú"},
                              "events": [{"type": "entry", "date": "2024-07",
                                          "accompanied_by": "parent"}]}, client_id="c9")
    event = next(iter(icalendar.Calendar.from_ical(
        deadline_calendar([d], now=NOW)).walk("VEVENT")))
    assert "earliest possible" in str(event["SUMMARY"])
    assert "earliest possible" in str(event["DESCRIPTION"])
    assert "one_year" in str(event["DESCRIPTION"])


def test_lines_are_folded_at_75_octets_without_cutting_a_character() -> None:
    d = Deadline(DeadlineKind.HEARING, date(2026, 9, 1), date(2026, 9, 1),
                 "Immigration court hearing at " + "Ciudad Juárez; señal, ñ " * 12,
                 client_id="0123abcd-x", client_name="Óscar Ñúñez")
    text = deadline_calendar([d], now=NOW)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n")
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert "Ciudad Juárez; señal, ñ" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == "Hearing — client 0123abcd (Ó.Ñ.)"


def test_initials_are_short() -> None:
    assert client_initials("María José González Pérez") == "M.J.G.P."
    assert client_initials("Jean-Luc  d'Arc Smith Jones Extra") == "J.L.D.S."
    assert client_initials("") == ""
