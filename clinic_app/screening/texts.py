"""Words for reasons: the values `${placeholders}` take, computed only when a template asks.

Values are plain strings looked up by name (templates never reach into objects). Codes such as
`between_ports` are shown through the pack's `terms`, so Spanish output needs no code change.
Each value is computed lazily and cached: most screenings fire a few flags, and a template uses
a handful of the names listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from string import Template
from typing import Any

from clinic_app.dates import anniversary
from clinic_app.screening.days import day_of, last_day_of
from clinic_app.screening.model import Boundary, Text
from clinic_app.screening.view import EventRecord, IntakeView

FACT_KEYS = frozenset({
    "path", "type", "date", "range", "at_time", "time", "where", "port", "city", "court",
    "border", "documents", "processing", "accompanied_by", "designated", "age", "status",
    "program", "until", "expired", "notice", "stage", "outcome", "grounds", "final", "how",
    "filed_with", "kind", "waitlisted", "evidence", "boundary", "boundary_what",
    "boundary_sides", "gap",
})
GLOBAL_KEYS = frozenset({
    "as_of", "nationalities", "transit", "represented_by", "travelled_with", "dob", "turns_18",
    "last_arrival", "last_arrival_date", "deadline", "deadline_status", "i589", "i589_date",
    "i589_due", "i589_entry", "i589_entry_date", "next_hearing",
})


def _span(lo: date, hi: date) -> str:
    return lo.isoformat() if lo == hi else f"{lo.isoformat()} – {hi.isoformat()}"


def _years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@lru_cache(maxsize=8192)
def _segments(template: str) -> tuple[tuple[str, bool], ...]:
    """A template split once into (literal, False) and (name, True) pieces, using Template's
    own pattern, so rendering is a join instead of a regex pass per call."""
    out: list[tuple[str, bool]] = []
    end = 0
    for m in Template.pattern.finditer(template):
        out.append((template[end:m.start()], False))
        name = m.group("named") or m.group("braced")
        out.append((name, True) if name else (m.group(0)[1:] if m.group("escaped") is not None
                                              else m.group(0), False))
        end = m.end()
    out.append((template[end:], False))
    return tuple(piece for piece in out if piece[0])


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill `${name}` placeholders; unknown names were refused when the pack was loaded."""
    return "".join([values[text] if is_name else text for text, is_name in _segments(template)])


class _Keep(dict[str, str]):
    """Values for a term: a name the caller did not supply stays as written."""

    def __missing__(self, key: str) -> str:
        return "${" + key + "}"


class _Lazy(dict[str, str]):
    """Placeholder values computed on first use (a dict, so repeated lookups stay in C)."""

    def __init__(self, make: Callable[[str], str], fallback: Mapping[str, str] | None = None,
                 ) -> None:
        super().__init__()
        self._make, self._fallback = make, fallback

    def __missing__(self, key: str) -> str:
        if self._fallback is not None and key in GLOBAL_KEYS:
            value = self._fallback[key]
        elif key in FACT_KEYS or (self._fallback is None and key in GLOBAL_KEYS):
            value = self._make(key)
        else:
            raise KeyError(key)
        self[key] = value
        return value


class Words:
    """Placeholder values for one screening in one language."""

    def __init__(self, view: IntakeView, terms: Mapping[str, Text],
                 boundaries: Mapping[int, Boundary], lang: str) -> None:
        self.view, self.terms, self.boundaries, self.lang = view, terms, boundaries, lang
        self._facts: dict[str, Mapping[str, str]] = {}
        self._globals = _Lazy(self._global)
        client = view.facts.get("client")
        self._client: Mapping[str, Any] = client if isinstance(client, Mapping) else {}

    def term(self, code: str, **values: str) -> str:
        text = self.terms.get(code)
        if text is None:
            return code.replace("_", " ")
        return render(text.get(self.lang), _Keep(values)) if values else text.get(self.lang)

    def globals(self) -> Mapping[str, str]:
        return self._globals

    def fact(self, path: str) -> Mapping[str, str]:
        """Placeholder values for the fact at `path` (an event or a risk), plus the globals."""
        values = self._facts.get(path)
        if values is None:
            values = self._facts[path] = _Lazy(lambda key: self._fact_value(path, key),
                                               self._globals)
        return values

    # --- per-fact values -----------------------------------------------------------------------
    def _code(self, value: object) -> str:
        if isinstance(value, bool):
            return self.term("yes" if value else "no")
        if isinstance(value, str) and value:
            return self.term(value) if value in self.terms else value
        return self.term("not_recorded")

    def _codes(self, values: object) -> str:
        items = [self.term(c) for c in values if isinstance(c, str)] if isinstance(
            values, list) else []
        return ", ".join(items) if items else self.term("none_recorded")

    def _fact_value(self, path: str, key: str) -> str:
        rec = self.view.records.get(path)
        if key == "path":
            return path
        if rec is None:   # a confidentiality risk
            kind = self.view.risks.get(path)
            return self.term(kind) if kind and key in ("type", "kind") else self.term(
                "not_recorded")
        special = getattr(self, f"_v_{key}", None)
        if special is not None:
            value: str = special(rec)
            return value
        return self._code(rec.raw.get({"filed_with": "where"}.get(key, key)))

    def _v_type(self, rec: EventRecord) -> str:
        return self.term(rec.type)

    def _v_date(self, rec: EventRecord) -> str:
        d = rec.days
        return d.recorded + (" " + self.term("approximate") if d.approximate else "")

    def _v_range(self, rec: EventRecord) -> str:
        return _span(rec.days.lo, rec.days.hi)

    def _v_at_time(self, rec: EventRecord) -> str:
        d = rec.days
        return self.term("at_time", local=d.local_time, eastern=d.eastern_time,
                         day=d.east.isoformat()) if d.east else ""

    def _v_time(self, rec: EventRecord) -> str:
        d = rec.days
        return self.term("time_recorded", local=d.local_time, eastern=d.eastern_time,
                         day=d.east.isoformat()) if d.east else self.term("time_unknown")

    def _v_where(self, rec: EventRecord) -> str:
        raw = rec.raw
        if raw.get("place") == "between_ports":
            return self.term("between_ports")
        port = raw.get("port")
        if isinstance(port, str) and port:
            return self.term("at_port", port=port)
        return self.term("port") if raw.get("place") == "port" else self.term("place_not_recorded")

    def _v_documents(self, rec: EventRecord) -> str:
        docs = rec.raw.get("documents")
        return self._code(docs) if isinstance(docs, str) else self.term("none_counted")

    def _v_processing(self, rec: EventRecord) -> str:
        return self._codes(rec.raw.get("processing"))

    def _v_grounds(self, rec: EventRecord) -> str:
        return self._codes(rec.raw.get("grounds"))

    def _v_accompanied_by(self, rec: EventRecord) -> str:
        who = rec.raw.get("accompanied_by")
        return self.term(f"accompanied_{who}") if isinstance(who, str) else self.term(
            "not_recorded")

    def _v_designated(self, rec: EventRecord) -> str:
        return self.term("designated" if rec.raw.get("designated_uac") is True
                         else "not_designated")

    def _v_age(self, rec: EventRecord) -> str:
        dob = self._client.get("date_of_birth")
        earliest, latest = day_of(dob), last_day_of(dob)
        if not earliest or not latest:
            return self.term("not_recorded")
        young, old = _years(latest, rec.days.lo), _years(earliest, rec.days.hi)
        return str(old) if young == old else f"{young}–{old}"

    def _v_expired(self, rec: EventRecord) -> str:
        until = day_of(rec.raw.get("until"))
        if until is None:
            return self.term("not_recorded")
        return self.term("expired" if until < self.view.as_of else "not_expired",
                         as_of=self.view.as_of.isoformat())

    def _v_notice(self, rec: EventRecord) -> str:
        notice = rec.raw.get("termination_notice_date")
        return notice if isinstance(notice, str) else self.term("no_notice")

    def _hits(self, rec: EventRecord) -> list[int]:
        d = rec.days
        return [b for b in self.view.boundaries if d.lo_n <= b <= d.hi_n or b == d.east_n]

    def _v_boundary(self, rec: EventRecord) -> str:
        hits = self._hits(rec)
        return ", ".join(date.fromordinal(b).isoformat() for b in hits) or self.term("none")

    def _v_boundary_what(self, rec: EventRecord) -> str:
        return " ".join(self.boundaries[b].what.get(self.lang) for b in self._hits(rec))

    def _v_boundary_sides(self, rec: EventRecord) -> str:
        return " ".join(self.boundaries[b].sides.get(self.lang) for b in self._hits(rec))

    def _v_gap(self, rec: EventRecord) -> str:
        f = self.view.i589
        if f:
            return self.term("gap_to_filing", days=str((f.days.hi - rec.days.hi).days),
                             filing=f.path)
        return self.term("gap_no_filing", days=str((self.view.as_of - rec.days.hi).days),
                         as_of=self.view.as_of.isoformat())

    # --- whole-intake values -------------------------------------------------------------------
    def _global(self, key: str) -> str:
        value: str = getattr(self, f"_g_{key}")()
        return value

    def _g_as_of(self) -> str:
        return self.view.as_of.isoformat()

    def _g_nationalities(self) -> str:
        codes = self._client.get("nationalities")
        names = [c for c in codes if isinstance(c, str)] if isinstance(codes, list) else []
        return ", ".join(names) or self.term("not_recorded")

    def _g_transit(self) -> str:
        transit = self.view.facts.get("transit_countries")
        if not isinstance(transit, list):
            return self.term("transit_unknown")
        return ", ".join(c for c in transit if isinstance(c, str)) or self.term("transit_none")

    def _g_represented_by(self) -> str:
        rep = self.view.facts.get("represented_by")
        return rep if isinstance(rep, str) and rep else self.term("not_recorded")

    def _g_travelled_with(self) -> str:
        people = []
        household = self.view.facts.get("household")
        for h in household if isinstance(household, list) else []:
            if isinstance(h, Mapping) and h.get("travelled_with_client") is True:
                name = " ".join(str(h[k]) for k in ("given_names", "family_names") if h.get(k))
                people.append(name or self._code(h.get("relationship")))
        return ", ".join(people) or self.term("none_recorded")

    def _g_dob(self) -> str:
        dob = self._client.get("date_of_birth")
        return dob if isinstance(dob, str) else self.term("not_recorded")

    def _g_turns_18(self) -> str:
        earliest = day_of(self._client.get("date_of_birth"))
        return anniversary(earliest, 18).isoformat() if earliest else self.term("not_recorded")

    def _g_next_hearing(self) -> str:
        ahead = [r for r in self.view.records.values()
                 if r.type == "hearing" and r.days.hi >= self.view.as_of]
        if not ahead:
            return self.term("none_recorded")
        h = min(ahead, key=lambda r: (r.days.lo, r.index))
        return self.term("hearing_on", date=h.days.recorded, path=h.path,
                         court=self._code(h.raw.get("court")))

    def _g_last_arrival(self) -> str:
        la = self.view.last_arrival
        return la.path if la else self.term("none_recorded")

    def _g_last_arrival_date(self) -> str:
        la = self.view.last_arrival
        return la.days.recorded if la else self.term("none_recorded")

    def _deadline(self) -> tuple[date, date] | None:
        la = self.view.last_arrival
        return (anniversary(la.days.lo), anniversary(la.days.hi)) if la else None

    def _g_deadline(self) -> str:
        dl = self._deadline()
        return _span(*dl) if dl else self.term("none_recorded")

    def _g_deadline_status(self) -> str:
        dl = self._deadline()
        if dl is None:
            return self.term("none_recorded")

        def one(day: date) -> str:
            n = (day - self.view.as_of).days
            return self.term("days_overdue" if n < 0 else "days_left", days=str(abs(n)))
        return one(dl[0]) if dl[0] == dl[1] else f"{one(dl[0])} / {one(dl[1])}"

    def _g_i589(self) -> str:
        f = self.view.i589
        return f.path if f else self.term("none_recorded")

    def _g_i589_date(self) -> str:
        f = self.view.i589
        return f.days.recorded if f else self.term("none_recorded")

    def _g_i589_due(self) -> str:
        a = self.view.i589_entry
        return _span(anniversary(a.days.lo), anniversary(a.days.hi)) if a else self.term(
            "none_recorded")

    def _g_i589_entry(self) -> str:
        a = self.view.i589_entry
        return a.path if a else self.term("none_recorded")

    def _g_i589_entry_date(self) -> str:
        a = self.view.i589_entry
        return a.days.recorded if a else self.term("none_recorded")
