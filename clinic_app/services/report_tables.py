"""Counts and rows turned into the titled tables every report format writes.

The tables are the single place where de-identification happens for row-level reports: identity
columns are added only when identified; otherwise cases get numbers in the order of their random
ids (unlinkable to anything), months replace days, and rare nationalities and age bands are
generalized (clinic_app.reports.generalize).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from clinic_app.countries import country_name
from clinic_app.deadlines import KIND_TITLES, Horizon, horizon
from clinic_app.domain import Deadline, DeadlineKind, FlagLevel
from clinic_app.reports import AGE_BANDS as _BANDS
from clinic_app.reports import (
    UNKNOWN,
    CaseloadCounts,
    CaseRow,
    Cell,
    ChartKind,
    FlagCount,
    FlagRow,
    ReportTable,
    ReviewStatus,
    generalize,
    months,
    small,
)

NOTE = "Note"
LEVELS = (FlagLevel.URGENT, FlagLevel.REVIEW, FlagLevel.CHECK)
HORIZON_LABELS = {
    Horizon.OVERDUE: "Overdue", Horizon.WEEK: "Within 7 days", Horizon.MONTH: "Within 30 days",
    Horizon.QUARTER: "Within 90 days", Horizon.LATER: "Later",
}


def caseload_tables(counts: CaseloadCounts) -> tuple[ReportTable, ...]:
    """By flag, policy, month of intake, nationality, review status and age band."""
    return (
        flag_table(counts.by_flag),
        _counted("by_policy", "By policy", "Policy", sorted(counts.by_policy, key=_biggest)),
        _counted("by_month", "By month of intake", "Month", months(counts.by_day),
                 chart=ChartKind.COLUMN),
        _counted("by_nationality", "By nationality", "Nationality",
                 sorted(((nationality_label(c), n) for c, n in counts.by_nationality),
                        key=_biggest)),
        _counted("by_review_status", "By review status", "Review status",
                 _in_order(counts.by_review_status, [s.value for s in ReviewStatus]),
                 chart=ChartKind.PIE),
        _counted("by_age_band", "By age at intake", "Age band",
                 _in_order(counts.by_age_band, [b[0] for b in _BANDS] + [UNKNOWN])),
    )


def flag_table(flag_counts: Iterable[FlagCount]) -> ReportTable:
    """One row per flag: intakes raising it, split by the level it was raised at."""
    titles: dict[str, str] = {}
    by_level: dict[str, Counter[str]] = defaultdict(Counter)
    for fc in flag_counts:
        titles.setdefault(fc.flag_id, fc.title)
        by_level[fc.flag_id][fc.level] += fc.intakes
    rows: list[tuple[Cell, ...]] = []
    for flag_id, levels in by_level.items():
        total = sum(levels.values())
        rows.append((flag_id, titles[flag_id], total,
                     *(levels[level.value] for level in LEVELS), small(total)))
    rows.sort(key=lambda r: (-int(r[2]), str(r[0])))  # most intakes first
    return ReportTable("by_flag", "By flag", ("Flag", "Title", "Intakes", "Urgent", "Review",
                                               "Check", NOTE),
                       tuple(rows), ChartKind.BAR, value_column=2)


def flag_row_tables(rows: Sequence[FlagRow], *, identified: bool) -> tuple[ReportTable, ...]:
    """The flags report: counts by flag, then one row per raised flag."""
    counts = Counter((r.flag_id, r.title, r.level) for r in rows)
    summary = flag_table(FlagCount(f, t, lvl, n) for (f, t, lvl), n in counts.items())
    cases = _case_columns({r.case.intake_id: r.case for r in rows}, identified)
    columns = ["Case", "Flag", "Level", "Policy", "Intake month", "Nationality", "Age band",
               "Review status"]
    if identified:
        columns += ["Client", "A-number", "Client id"]
    out: list[tuple[Cell, ...]] = []
    for row in sorted(rows, key=lambda r: (cases[r.case.intake_id][0], r.flag_id)):
        number, nationality, band = cases[row.case.intake_id]
        cells: list[Cell] = [number, row.flag_id, row.level, row.policy, _month(row.case),
                             nationality, band, row.case.review_status]
        if identified:
            cells += [row.case.name, row.case.a_number, row.case.client_id]
        out.append(tuple(cells))
    return summary, ReportTable("flags", "Raised flags", tuple(columns), tuple(out))


def deadline_tables(deadlines: Sequence[Deadline], today: date, *,
                    identified: bool) -> tuple[ReportTable, ...]:
    """Open deadlines by how soon they fall, by kind, then one row per deadline."""
    when = Counter(horizon(d, today) for d in deadlines)
    by_when = tuple((HORIZON_LABELS[h], when[h], small(when[h])) for h in Horizon)
    kinds = Counter(d.kind for d in deadlines)
    by_kind = tuple((KIND_TITLES[k], kinds[k], small(kinds[k])) for k in DeadlineKind)
    numbers = {cid: f"C{i:04d}" for i, cid in
               enumerate(sorted({d.client_id for d in deadlines}), start=1)}
    columns = ["Case", "Deadline", "Due", "Latest possible", "Days left", "Uncertain"]
    if identified:
        columns += ["Client", "Details", "Client id"]
    rows: list[tuple[Cell, ...]] = []
    for d in deadlines:
        due, latest = d.due.isoformat(), d.latest.isoformat()
        left: Cell = d.days_left(today)
        if d.kind is DeadlineKind.TURNS_18 and not identified:
            # An 18th birthday is a birth date 18 years on: the month only, no day count.
            due, latest, left = due[:7], latest[:7], ""
        cells: list[Cell] = [numbers[d.client_id], KIND_TITLES[d.kind], due, latest, left,
                             "yes" if d.uncertain else "no"]
        if identified:
            # The label may hold a birth date ("born 2008-05"): identified reports only.
            cells += [d.client_name, d.label, d.client_id]
        rows.append(tuple(cells))
    return (
        ReportTable("by_horizon", "Open deadlines by how soon they fall", ("When", "Deadlines",
                                                                          NOTE),
                    by_when, ChartKind.BAR),
        ReportTable("by_kind", "Open deadlines by kind", ("Deadline", "Deadlines", NOTE),
                    by_kind, ChartKind.BAR),
        ReportTable("deadlines", "Open deadlines, soonest first", tuple(columns), tuple(rows)),
    )


def nationality_label(code: str | None) -> str:
    if not code:
        return UNKNOWN
    name = country_name(code)
    return f"{name} ({code})" if name and name != code else code


# -- pieces ----------------------------------------------------------------------------------

def _counted(key: str, title: str, label: str, pairs: Iterable[tuple[str, int]], *,
             chart: ChartKind = ChartKind.BAR) -> ReportTable:
    rows = tuple((name, count, small(count)) for name, count in pairs)
    return ReportTable(key, title, (label, "Intakes", NOTE), rows, chart)


def _biggest(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]


def _in_order(pairs: Iterable[tuple[str, int]], order: list[str]) -> list[tuple[str, int]]:
    found = dict(pairs)
    known = [(k, found.pop(k)) for k in order if k in found]
    return known + sorted(found.items())


def _month(case: CaseRow) -> str:
    return case.intake_date.strftime("%Y-%m") if case.intake_date else UNKNOWN


def _case_columns(cases: dict[str, CaseRow],
                  identified: bool) -> dict[str, tuple[str, str, str]]:
    """intake id -> (case number, nationality, age band) as the rows print them."""
    ids = sorted(cases)  # random UUIDs: the numbering says nothing about anyone
    nationalities = [nationality_label(cases[i].nationality) for i in ids]
    bands = [cases[i].age_band for i in ids]
    if not identified:
        nationalities, bands = generalize(nationalities), generalize(bands)
    return {i: (f"C{n:04d}", nat, band)
            for n, (i, nat, band) in enumerate(zip(ids, nationalities, bands, strict=True),
                                               start=1)}
