"""The derived, typed view of one intake that rule conditions read (docs/rules.md lists it).

Built once per screening in plain Python, then handed to CEL as variables. It holds *facts and
definitions* (flags.md 2.1-2.3: possible days, Eastern day, last arrival, relevant I-589, minor,
unaccompanied ...), never policy windows or levels: those live in the rule pack.

Shape, chosen for the CEL binding's costs (measured in docs/rules.md): dates are day ordinals
(CEL cannot take `datetime.date`; ints convert cheapest); every event collection is keyed by the
event's JSON path, so `entries.filter(e, entries[e].border == "southern_land")` yields the fact
paths a trigger returns without copying maps; only keys that rules read are converted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from clinic_app.dates import anniversary
from clinic_app.screening.days import DateProblemError, EventDays, day_of, event_days, last_day_of

TYPES = ("entry", "turned_back", "cbp_one_appointment", "mpp_return", "parole", "decision",
         "asylum_filed", "departure", "hearing", "changed_circumstances")
KEY_TYPES = frozenset({"entry", "turned_back", "cbp_one_appointment", "mpp_return"})
NO_DAY = 0          # ordinal standing for "no such day": never a real date, never in B
NEVER = 10**7       # ordinal after any real date ("no next entry")


@dataclass(frozen=True)
class EventRecord:
    """One readable event: where it is in the input, what it is, and its possible days."""

    path: str
    index: int
    type: str
    raw: Mapping[str, Any]
    days: EventDays


@dataclass
class IntakeView:
    """Everything the rules and the reasons may read about one intake, as of one day."""

    as_of: date
    variables: dict[str, Any]
    facts: Mapping[str, Any]
    records: dict[str, EventRecord] = field(default_factory=dict)
    last_arrival: EventRecord | None = None
    i589: EventRecord | None = None
    i589_entry: EventRecord | None = None
    boundaries: tuple[int, ...] = ()
    problems: list[tuple[str, str]] = field(default_factory=list)   # (path, what is wrong)
    rank: dict[str, int] = field(default_factory=dict)   # output order of fact paths

    def ordered(self, paths: list[str]) -> list[str]:
        """`paths` in date order (CEL map iteration order is arbitrary), without repeats."""
        if len(paths) < 2:
            return paths
        unique = list(dict.fromkeys(paths))
        unique.sort(key=lambda p: self.rank.get(p, 1 << 30))
        return unique


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _order(rec: EventRecord) -> tuple[int, int, int]:
    return rec.days.lo_n, rec.days.hi_n, rec.index


class _Client:
    """Age facts of flags.md 2.3: minor on d = d before the 18th birthday from the latest DOB."""

    def __init__(self, client: Mapping[str, Any]) -> None:
        dob = client.get("date_of_birth")
        earliest, latest = day_of(dob), last_day_of(dob)
        self.adult_from = anniversary(latest, 18).toordinal() if latest else NO_DAY
        self.turns_18 = anniversary(earliest, 18).toordinal() if earliest else NO_DAY

    def unaccompanied(self, entry: EventRecord) -> bool:
        """Designated, or a possible minor with no parent or legal guardian recorded (2.3)."""
        raw = entry.raw
        if raw.get("designated_uac") is True:
            return True
        return (entry.days.lo_n < self.adult_from
                and raw.get("accompanied_by") in ("none", "other_adult", None))


def latest(records: Sequence[EventRecord]) -> EventRecord | None:
    """Greatest `hi`, ties by greatest `lo`, then the later array position (flags.md 2.3)."""
    return max(records, key=lambda r: (r.days.hi_n, r.days.lo_n, r.index), default=None)


def entry_before(entries: Sequence[EventRecord], day: int) -> EventRecord | None:
    """The entry with the greatest `hi` among entries whose `lo` is on or before `day`."""
    return latest([e for e in entries if e.days.lo_n <= day])


def relevant_i589(filings: Sequence[EventRecord], departures: Sequence[EventRecord],
                  arrival: EventRecord) -> EventRecord | None:
    """flags.md 2.3: first filing on/after the last arrival, else a surviving earlier one."""
    after = [f for f in filings if f.days.lo_n >= arrival.days.lo_n]
    if after:
        return min(after, key=_order)
    before = [f for f in filings if f.days.lo_n < arrival.days.lo_n]
    if not before:
        return None
    f = max(before, key=_order)
    # Removal or voluntary departure ends that application (inclusive ends: the conservative side).
    if any(f.days.lo_n <= d.days.lo_n <= arrival.days.hi_n for d in departures):
        return None
    return f


def _records(view: IntakeView) -> dict[str, list[EventRecord]]:
    by_type: dict[str, list[EventRecord]] = {t: [] for t in TYPES}
    events = view.facts.get("events")
    for i, raw in enumerate(events if isinstance(events, list) else []):
        path = f"events[{i}]"
        if not isinstance(raw, Mapping) or raw.get("type") not in by_type:
            view.problems.append((path, "unknown event type"))
            continue
        try:
            days = event_days(raw)
        except DateProblemError as exc:
            view.problems.append((path, str(exc)))
            continue
        rec = EventRecord(path, i, raw["type"], raw, days)
        view.records[path] = rec
        by_type[rec.type].append(rec)
    for recs in by_type.values():
        recs.sort(key=_order)
    for n, rec in enumerate(sorted(view.records.values(), key=_order)):
        view.rank[rec.path] = n
    return by_type


def _dates(records: Mapping[str, EventRecord], bounds: Sequence[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, rec in records.items():
        d = rec.days
        if rec.type in KEY_TYPES:
            out[path] = {"lo": d.lo_n, "hi": d.hi_n, "first": d.first_n, "last": d.last_n,
                         "east": d.east_n, "approximate": d.approximate,
                         "b_count": bisect_right(bounds, d.hi_n) - bisect_left(bounds, d.lo_n)}
        else:
            out[path] = {"lo": d.lo_n, "hi": d.hi_n}
    return out


def _events(recs: dict[str, list[EventRecord]], client: _Client) -> dict[str, Any]:
    entries = recs["entry"]
    entry_maps = {}
    for n, e in enumerate(entries):
        raw = e.raw
        entry_maps[e.path] = {
            "border": _text(raw.get("border")), "place": _text(raw.get("place")),
            "documents": _text(raw.get("documents"), "none"),   # absent counts as none (2.3)
            "cbp_one": raw.get("cbp_one_appointment") is True,
            "unaccompanied": client.unaccompanied(e),
            "processing": _strings(raw.get("processing")),
            "next_lo": entries[n + 1].days.lo_n if n + 1 < len(entries) else NEVER}
    markers = {}
    for m in sorted(recs["mpp_return"] + [e for e in entries
                                          if "mpp_return" in _strings(e.raw.get("processing"))],
                    key=_order):
        before = m if m.type == "entry" else entry_before(entries, m.days.lo_n)
        markers[m.path] = {
            "entry_designated_uac": bool(before and before.raw.get("designated_uac") is True),
            "entry_unaccompanied": bool(before and client.unaccompanied(before))}
    return {
        "entries": entry_maps, "mpp_markers": markers,
        "turned_back": [r.path for r in recs["turned_back"]],
        "mpp_returns": [r.path for r in recs["mpp_return"]],
        "changes": [r.path for r in recs["changed_circumstances"]],
        "appointments": {r.path: {"status": _text(r.raw.get("status"))}
                         for r in recs["cbp_one_appointment"]},
        "paroles": {r.path: {"program": _text(r.raw.get("program")),
                             "has_notice": isinstance(r.raw.get("termination_notice_date"), str)}
                    for r in recs["parole"]},
        "decisions": {r.path: {"stage": _text(r.raw.get("stage")),
                               "outcome": _text(r.raw.get("outcome")),
                               "grounds": _strings(r.raw.get("grounds")),
                               "final": r.raw.get("final") is True} for r in recs["decision"]},
        "filings": {r.path: {"how": _text(r.raw.get("how"))} for r in recs["asylum_filed"]},
        "departures": {r.path: {"kind": _text(r.raw.get("kind"))} for r in recs["departure"]},
    }


def build_view(facts: Mapping[str, Any], as_of: date,
               boundaries: Sequence[date] = ()) -> IntakeView:
    """Derive the CEL variables of docs/rules.md from a `clinic-intake/1` document."""
    bounds = tuple(sorted(b.toordinal() for b in boundaries))
    view = IntakeView(as_of=as_of, variables={}, facts=facts, boundaries=bounds)
    recs = _records(view)
    client_raw = facts.get("client")
    client = _Client(client_raw if isinstance(client_raw, Mapping) else {})
    nationalities = _strings(client_raw.get("nationalities")) if isinstance(
        client_raw, Mapping) else []
    transit, risks = facts.get("transit_countries"), facts.get("confidentiality_risks")
    household = facts.get("household")
    arrival = latest(recs["entry"])
    view.last_arrival = arrival
    if arrival:
        view.i589 = relevant_i589(recs["asylum_filed"], recs["departure"], arrival)
        if view.i589:
            view.i589_entry = entry_before(recs["entry"], view.i589.days.lo_n)
    f, a = view.i589, view.i589_entry
    view.rank.update((f"confidentiality_risks[{i}]", len(view.rank) + i)
                     for i in range(len(risks) if isinstance(risks, list) else 0))
    view.variables = {
        "as_of": as_of.toordinal(),
        "B": list(bounds),
        "mexican": "MX" in nationalities,
        "nationality_recorded": bool(nationalities),
        "transited": not isinstance(transit, list) or len(transit) > 0,   # absent = maybe (2.3)
        "transit_recorded": isinstance(transit, list),
        "applied_in_transit": facts.get("applied_for_protection_in_transit_country") is True,
        "fears_harm_in_mexico": facts.get("fears_harm_in_mexico") is True,
        "represented_by": _text(facts.get("represented_by")).lower(),   # for case-blind tests
        "dob_recorded": client.turns_18 != NO_DAY,
        "adult_from": client.adult_from,
        "turns_18": client.turns_18,
        "travelled_with_client": sum(1 for h in (household if isinstance(household, list) else [])
                                     if isinstance(h, Mapping)
                                     and h.get("travelled_with_client") is True),
        "risks": {f"confidentiality_risks[{i}]": k
                  for i, k in enumerate(risks if isinstance(risks, list) else [])
                  if isinstance(k, str)},
        "final_grant": any(r.raw.get("outcome") == "granted" and r.raw.get("final") is True
                           for r in recs["decision"]),
        "dates": _dates(view.records, bounds),
        "key_events": [p for p, r in view.records.items() if r.type in KEY_TYPES],
        **_events(recs, client),
        "last_arrival": arrival.path if arrival else "",
        "last_arrival_lo": arrival.days.lo_n if arrival else NO_DAY,
        "last_arrival_uac": bool(arrival and arrival.raw.get("designated_uac") is True),
        "deadline_lo": anniversary(arrival.days.lo).toordinal() if arrival else NO_DAY,
        "deadline_hi": anniversary(arrival.days.hi).toordinal() if arrival else NO_DAY,
        "i589": f.path if f else "",
        "i589_lo": f.days.lo_n if f else NO_DAY,
        "i589_hi": f.days.hi_n if f else NO_DAY,
        "i589_entry": a.path if a else "",
        "i589_entry_uac": bool(a and a.raw.get("designated_uac") is True),
        "i589_due_lo": anniversary(a.days.lo).toordinal() if a else NO_DAY,
        "i589_due_hi": anniversary(a.days.hi).toordinal() if a else NO_DAY,
    }
    return view


# Names and fields a condition may use: the loader checks expressions against these.
VARIABLES: frozenset[str] = frozenset(build_view({}, date(2000, 1, 1)).variables)
FIELDS: frozenset[str] = frozenset({
    "lo", "hi", "first", "last", "east", "approximate", "b_count", "border", "place",
    "documents", "cbp_one", "unaccompanied", "processing", "next_lo", "entry_designated_uac",
    "entry_unaccompanied", "status", "program", "has_notice", "stage", "outcome", "grounds",
    "final", "how", "kind",
})
