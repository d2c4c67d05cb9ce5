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
from functools import cached_property
from typing import Any

from clinic_app.dates import anniversary
from clinic_app.screening.days import DateProblemError, EventDays, day_of, event_days, last_day_of

TYPES = ("entry", "turned_back", "cbp_one_appointment", "mpp_return", "parole", "decision",
         "asylum_filed", "departure", "hearing", "changed_circumstances")
KEY_TYPES = frozenset({"entry", "turned_back", "cbp_one_appointment", "mpp_return"})
NO_DAY = 0          # ordinal standing for "no such day": never a real date, never in B
NEVER = 10**7       # ordinal after any real date ("no next entry")


class EventRecord:
    """One readable event: where it is in the input, what it is, and its possible days.

    A plain slotted class (one is made per event per screening): `order` is its sort key,
    (lo, hi, position), the order facts are listed in.
    """

    __slots__ = ("days", "index", "order", "path", "raw", "type")

    def __init__(self, path: str, index: int, type: str, raw: Mapping[str, Any],
                 days: EventDays) -> None:
        self.path, self.index, self.type, self.raw, self.days = path, index, type, raw, days
        self.order = (days.lo_n, days.hi_n, index)

    def __repr__(self) -> str:
        return f"EventRecord({self.path!r}, {self.type!r}, {self.days.recorded!r})"


@dataclass
class IntakeView:
    """Everything the rules and the reasons may read about one intake, as of one day.

    The last arrival, the relevant I-589, the client's age facts and the output order of fact
    paths are worked out on first use: an incremental re-screen that evaluates one flag often
    needs none of them.
    """

    as_of: date
    variables: dict[str, Any]
    facts: Mapping[str, Any]
    records: dict[str, EventRecord] = field(default_factory=dict)
    boundaries: tuple[int, ...] = ()
    problems: list[tuple[str, str]] = field(default_factory=list)   # (path, what is wrong)
    risks: dict[str, str] = field(default_factory=dict)   # confidentiality_risks[i] -> code
    by_type: dict[str, list[EventRecord]] = field(default_factory=dict)   # sorted by `order`
    risk_count: int = 0

    @cached_property
    def last_arrival(self) -> EventRecord | None:
        return latest(self.by_type.get("entry", ()))

    @cached_property
    def i589(self) -> EventRecord | None:
        arrival = self.last_arrival
        if arrival is None:
            return None
        return relevant_i589(self.by_type["asylum_filed"], self.by_type["departure"], arrival)

    @cached_property
    def i589_entry(self) -> EventRecord | None:
        filing = self.i589
        return entry_before(self.by_type["entry"], filing.days.lo_n) if filing else None

    @cached_property
    def client(self) -> _Client:
        raw = self.facts.get("client")
        return _Client(raw if isinstance(raw, Mapping) else {})

    @cached_property
    def rank(self) -> dict[str, int]:
        """Output order of fact paths: events by date, then the confidentiality risks."""
        rank = {rec.path: n for n, rec in enumerate(sorted(self.records.values(), key=_order))}
        rank.update((f"confidentiality_risks[{i}]", len(rank) + i)
                    for i in range(self.risk_count))
        return rank

    def ordered(self, paths: list[str]) -> list[str]:
        """`paths` in date order (CEL map iteration order is arbitrary), without repeats."""
        if len(paths) < 2:
            return paths
        unique = list(dict.fromkeys(paths))
        rank = self.rank
        unique.sort(key=lambda p: rank.get(p, 1 << 30))
        return unique


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _order(rec: EventRecord) -> tuple[int, int, int]:
    return rec.order


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


_PATHS = tuple(f"events[{i}]" for i in range(100))


def _records(view: IntakeView) -> dict[str, list[EventRecord]]:
    by_type: dict[str, list[EventRecord]] = {t: [] for t in TYPES}
    events = view.facts.get("events")
    records = view.records
    for i, raw in enumerate(events if isinstance(events, list) else []):
        path = _PATHS[i] if i < len(_PATHS) else f"events[{i}]"
        kind = raw.get("type") if isinstance(raw, Mapping) else None
        if kind not in by_type:
            view.problems.append((path, "unknown event type"))
            continue
        try:
            days = event_days(raw)
        except DateProblemError as exc:
            view.problems.append((path, str(exc)))
            continue
        rec = EventRecord(path, i, kind, raw, days)
        records[path] = rec
        by_type[kind].append(rec)
    for recs in by_type.values():
        if len(recs) > 1:
            recs.sort(key=_order)
    view.by_type = by_type
    return by_type


FIELD_MAPS = frozenset({"dates", "entries", "mpp_markers", "appointments", "paroles",
                        "decisions", "filings", "departures"})


@dataclass(frozen=True)
class Needs:
    """What a set of expressions reads: top-level variables, and for the maps of per-event
    fields (`FIELD_MAPS`) the fields read (None: every field). Building only these keeps the
    CEL conversion, which dominates a screening, to what the evaluated rules use."""

    variables: frozenset[str]
    fields: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    # The event types `dates` is indexed with (None: any, or its keys are read).
    date_types: frozenset[str] | None = frozenset()

    def __or__(self, other: Needs) -> Needs:
        merged: dict[str, frozenset[str] | None] = dict(self.fields)
        for name, wanted in other.fields.items():
            have = merged.get(name, frozenset())
            merged[name] = None if have is None or wanted is None else have | wanted
        types = None if self.date_types is None or other.date_types is None \
            else self.date_types | other.date_types
        return Needs(self.variables | other.variables, merged, types)

    def of(self, name: str) -> frozenset[str] | None:
        return self.fields.get(name)


def _keep(fields: frozenset[str] | None, name: str) -> bool:
    return fields is None or name in fields


def _dates(records: Mapping[str, EventRecord], bounds: Sequence[int],
           fields: frozenset[str] | None = None,
           types: frozenset[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if types is not None:
        records = {p: r for p, r in records.items() if r.type in types}
    if fields is None:
        for path, rec in records.items():
            d = rec.days
            if rec.type in KEY_TYPES:
                out[path] = {"lo": d.lo_n, "hi": d.hi_n, "first": d.first_n, "last": d.last_n,
                             "east": d.east_n, "approximate": d.approximate,
                             "b_count": bisect_right(bounds, d.hi_n) - bisect_left(bounds, d.lo_n)}
            else:
                out[path] = {"lo": d.lo_n, "hi": d.hi_n}
        return out
    key_fields = tuple(f for f in ("lo", "hi", "first", "last", "east", "approximate", "b_count")
                       if f in fields)
    other_fields = tuple(f for f in ("lo", "hi") if f in fields)
    for path, rec in records.items():
        d = rec.days
        values = {"lo": d.lo_n, "hi": d.hi_n}
        if rec.type in KEY_TYPES:
            values.update(first=d.first_n, last=d.last_n, east=d.east_n,
                          approximate=d.approximate)
            if "b_count" in fields:
                values["b_count"] = bisect_right(bounds, d.hi_n) - bisect_left(bounds, d.lo_n)
            out[path] = {f: values[f] for f in key_fields}
        else:
            out[path] = {f: values[f] for f in other_fields}
    return out


def _entries(entries: Sequence[EventRecord], view: IntakeView,
             fields: frozenset[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, e in enumerate(entries):
        raw = e.raw
        m: dict[str, Any] = {}
        if _keep(fields, "border"):
            m["border"] = _text(raw.get("border"))
        if _keep(fields, "place"):
            m["place"] = _text(raw.get("place"))
        if _keep(fields, "documents"):
            m["documents"] = _text(raw.get("documents"), "none")   # absent counts as none (2.3)
        if _keep(fields, "cbp_one"):
            m["cbp_one"] = raw.get("cbp_one_appointment") is True
        if _keep(fields, "unaccompanied"):
            m["unaccompanied"] = view.client.unaccompanied(e)
        if _keep(fields, "processing"):
            m["processing"] = _strings(raw.get("processing"))
        if _keep(fields, "next_lo"):
            m["next_lo"] = entries[n + 1].days.lo_n if n + 1 < len(entries) else NEVER
        out[e.path] = m
    return out


def _markers(recs: dict[str, list[EventRecord]], view: IntakeView,
             fields: frozenset[str] | None) -> dict[str, Any]:
    entries = recs["entry"]
    markers = {}
    for m in sorted(recs["mpp_return"] + [e for e in entries
                                          if "mpp_return" in _strings(e.raw.get("processing"))],
                    key=_order):
        before = m if m.type == "entry" else entry_before(entries, m.days.lo_n)
        values: dict[str, Any] = {}
        if _keep(fields, "entry_designated_uac"):
            values["entry_designated_uac"] = bool(before and before.raw.get("designated_uac")
                                                  is True)
        if _keep(fields, "entry_unaccompanied"):
            values["entry_unaccompanied"] = bool(before and view.client.unaccompanied(before))
        markers[m.path] = values
    return markers


def _fields_of(recs: Sequence[EventRecord], fields: frozenset[str] | None,
               makers: Mapping[str, Any]) -> dict[str, Any]:
    wanted = [(name, make) for name, make in makers.items() if _keep(fields, name)]
    return {r.path: {name: make(r.raw) for name, make in wanted} for r in recs}


_APPOINTMENT = {"status": lambda raw: _text(raw.get("status"))}
_PAROLE = {"program": lambda raw: _text(raw.get("program")),
           "has_notice": lambda raw: isinstance(raw.get("termination_notice_date"), str)}
_DECISION = {"stage": lambda raw: _text(raw.get("stage")),
             "outcome": lambda raw: _text(raw.get("outcome")),
             "grounds": lambda raw: _strings(raw.get("grounds")),
             "final": lambda raw: raw.get("final") is True}
_FILING = {"how": lambda raw: _text(raw.get("how"))}
_DEPARTURE = {"kind": lambda raw: _text(raw.get("kind"))}


def _anniversary_n(day: date) -> int:
    return anniversary(day).toordinal()


class _Variables:
    """One builder per CEL variable of docs/rules.md; `build_view` calls those it needs."""

    def __init__(self, view: IntakeView, recs: dict[str, list[EventRecord]],
                 client_raw: Mapping[str, Any]) -> None:
        self.view, self.recs = view, recs
        self.facts = view.facts
        self.nationalities = _strings(client_raw.get("nationalities"))

    @property
    def client(self) -> _Client:
        return self.view.client

    def build(self, name: str, fields: frozenset[str] | None,
              date_types: frozenset[str] | None = None) -> Any:
        if name == "dates":
            return _dates(self.view.records, self.view.boundaries, fields, date_types)
        maker = getattr(self, f"v_{name}")
        return maker(fields) if name in FIELD_MAPS else maker()

    # -- whole-intake facts ----------------------------------------------------------------
    def v_as_of(self) -> int:
        return self.view.as_of.toordinal()

    def v_B(self) -> list[int]:   # the pack's name for the boundary days
        return list(self.view.boundaries)

    def v_mexican(self) -> bool:
        return "MX" in self.nationalities

    def v_nationality_recorded(self) -> bool:
        return bool(self.nationalities)

    def v_transited(self) -> bool:
        transit = self.facts.get("transit_countries")
        return not isinstance(transit, list) or len(transit) > 0   # absent = maybe (2.3)

    def v_transit_recorded(self) -> bool:
        return isinstance(self.facts.get("transit_countries"), list)

    def v_applied_in_transit(self) -> bool:
        return self.facts.get("applied_for_protection_in_transit_country") is True

    def v_fears_harm_in_mexico(self) -> bool:
        return self.facts.get("fears_harm_in_mexico") is True

    def v_represented_by(self) -> str:
        return _text(self.facts.get("represented_by")).lower()   # for case-blind tests

    def v_dob_recorded(self) -> bool:
        return self.client.turns_18 != NO_DAY

    def v_adult_from(self) -> int:
        return self.client.adult_from

    def v_turns_18(self) -> int:
        return self.client.turns_18

    def v_travelled_with_client(self) -> int:
        household = self.facts.get("household")
        return sum(1 for h in (household if isinstance(household, list) else [])
                   if isinstance(h, Mapping) and h.get("travelled_with_client") is True)

    def v_risks(self) -> dict[str, str]:
        return dict(self.view.risks)

    def v_final_grant(self) -> bool:
        return any(r.raw.get("outcome") == "granted" and r.raw.get("final") is True
                   for r in self.recs["decision"])

    # -- events ----------------------------------------------------------------------------
    def v_dates(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _dates(self.view.records, self.view.boundaries, fields)

    def v_key_events(self) -> list[str]:
        return [p for p, r in self.view.records.items() if r.type in KEY_TYPES]

    def v_entries(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _entries(self.recs["entry"], self.view, fields)

    def v_mpp_markers(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _markers(self.recs, self.view, fields)

    def v_turned_back(self) -> list[str]:
        return [r.path for r in self.recs["turned_back"]]

    def v_mpp_returns(self) -> list[str]:
        return [r.path for r in self.recs["mpp_return"]]

    def v_changes(self) -> list[str]:
        return [r.path for r in self.recs["changed_circumstances"]]

    def v_appointments(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _fields_of(self.recs["cbp_one_appointment"], fields, _APPOINTMENT)

    def v_paroles(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _fields_of(self.recs["parole"], fields, _PAROLE)

    def v_decisions(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _fields_of(self.recs["decision"], fields, _DECISION)

    def v_filings(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _fields_of(self.recs["asylum_filed"], fields, _FILING)

    def v_departures(self, fields: frozenset[str] | None) -> dict[str, Any]:
        return _fields_of(self.recs["departure"], fields, _DEPARTURE)

    # -- last arrival and the relevant I-589 -------------------------------------------------
    def v_last_arrival(self) -> str:
        arrival = self.view.last_arrival
        return arrival.path if arrival else ""

    def v_last_arrival_lo(self) -> int:
        arrival = self.view.last_arrival
        return arrival.days.lo_n if arrival else NO_DAY

    def v_last_arrival_uac(self) -> bool:
        arrival = self.view.last_arrival
        return bool(arrival and arrival.raw.get("designated_uac") is True)

    def v_deadline_lo(self) -> int:
        arrival = self.view.last_arrival
        return _anniversary_n(arrival.days.lo) if arrival else NO_DAY

    def v_deadline_hi(self) -> int:
        arrival = self.view.last_arrival
        return _anniversary_n(arrival.days.hi) if arrival else NO_DAY

    def v_i589(self) -> str:
        f = self.view.i589
        return f.path if f else ""

    def v_i589_lo(self) -> int:
        f = self.view.i589
        return f.days.lo_n if f else NO_DAY

    def v_i589_hi(self) -> int:
        f = self.view.i589
        return f.days.hi_n if f else NO_DAY

    def v_i589_entry(self) -> str:
        a = self.view.i589_entry
        return a.path if a else ""

    def v_i589_entry_uac(self) -> bool:
        a = self.view.i589_entry
        return bool(a and a.raw.get("designated_uac") is True)

    def v_i589_due_lo(self) -> int:
        a = self.view.i589_entry
        return _anniversary_n(a.days.lo) if a else NO_DAY

    def v_i589_due_hi(self) -> int:
        a = self.view.i589_entry
        return _anniversary_n(a.days.hi) if a else NO_DAY


_BUILDERS: tuple[str, ...] = tuple(sorted(n[2:] for n in vars(_Variables) if n.startswith("v_")))


def build_view(facts: Mapping[str, Any], as_of: date,
               boundaries: Sequence[date] = (), needs: Needs | None = None) -> IntakeView:
    """Derive the CEL variables of docs/rules.md from a `clinic-intake/1` document.

    With `needs`, only those variables (and, for the per-event maps, only those fields) are
    built; the Python side of the view (records, last arrival, I-589, ranks) is always there,
    since reasons read it.
    """
    bounds = tuple(sorted(b.toordinal() for b in boundaries))
    view = IntakeView(as_of=as_of, variables={}, facts=facts, boundaries=bounds)
    _records(view)
    risks = facts.get("confidentiality_risks")
    if isinstance(risks, list) and risks:
        view.risk_count = len(risks)
        view.risks = {f"confidentiality_risks[{i}]": k for i, k in enumerate(risks)
                      if isinstance(k, str)}
    fill_variables(view, needs)
    return view


def fill_variables(view: IntakeView, needs: Needs | None = None) -> None:
    """(Re)build `view.variables` for `needs` (None: every variable with every field)."""
    raw_client = view.facts.get("client")
    builder = _Variables(view, view.by_type, raw_client if isinstance(raw_client, Mapping)
                         else {})
    if needs is None:
        view.variables = {name: builder.build(name, None) for name in _BUILDERS}
    else:
        view.variables = {name: builder.build(name, needs.of(name), needs.date_types)
                          for name in _BUILDERS if name in needs.variables}


# Names and fields a condition may use: the loader checks expressions against these.
VARIABLES: frozenset[str] = frozenset(build_view({}, date(2000, 1, 1)).variables)
FIELDS: frozenset[str] = frozenset({
    "lo", "hi", "first", "last", "east", "approximate", "b_count", "border", "place",
    "documents", "cbp_one", "unaccompanied", "processing", "next_lo", "entry_designated_uac",
    "entry_unaccompanied", "status", "program", "has_notice", "stage", "outcome", "grounds",
    "final", "how", "kind",
})
