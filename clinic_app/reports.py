"""Manager reports as plain data: what was asked (`ReportRequest`), what the store counted
(`CaseloadCounts`, `CaseRow`) and what is written (`Report`: titled tables, some charted).

De-identification is decided here, in the core, so CSV, XLSX and PDF can never differ on it: a
de-identified report holds no names, A-numbers, birth dates or client ids; ages appear only as
bands; a quasi-identifier value shared by fewer than `SMALL_CELL` cases is generalized in
row-level tables, and small counts in aggregate tables are kept but marked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from clinic_app.dates import DateSyntaxError, parse_partial_date

SMALL_CELL = 5  # fewer cases than this in a cell could point at a person
FEWER_THAN = f"(fewer than {SMALL_CELL})"
UNKNOWN = "unknown"

DEIDENTIFIED_NOTE = (
    f"De-identified: no names, A-numbers, birth dates or client ids; ages in bands; values shared "
    f"by fewer than {SMALL_CELL} cases are generalized in lists; counts under {SMALL_CELL} are "
    "kept and marked *.")
IDENTIFIED_NOTE = ("IDENTIFIED: names and A-numbers of clients. Confidential asylum information "
                   "(8 CFR 208.6): do not share outside the clinic.")

# (label, lowest age, highest age); a child's band never mixes with an adult's.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0–12", 0, 12), ("13–17", 13, 17), ("18–24", 18, 24), ("25–34", 25, 34),
    ("35–49", 35, 49), ("50–64", 50, 64), ("65+", 65, 200),
)


class ReportKind(StrEnum):
    CASELOAD = "caseload"  # counts by flag, policy, month, nationality, review status, age band
    DEADLINES = "deadlines"  # one row per open deadline
    FLAGS = "flags"  # one row per raised flag


class ReportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


class ChartKind(StrEnum):
    NONE = "none"
    BAR = "bar"  # horizontal bars: categories with long names
    COLUMN = "column"  # vertical bars: a series in time order (months)
    PIE = "pie"  # shares of a whole (review status)


class ReviewStatus(StrEnum):
    """Where an intake's attorney review stands (its newest disposition per flag counts)."""

    NO_FLAGS = "no flags"
    NOT_REVIEWED = "not reviewed"
    IN_REVIEW = "in review"
    REVIEWED = "reviewed"
    SIGNED_OFF = "signed off"


@dataclass(frozen=True)
class Period:
    """Inclusive days; None on a side means open-ended."""

    start: date | None = None
    end: date | None = None

    def label(self) -> str:
        if self.start and self.end:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        if self.start:
            return f"from {self.start.isoformat()}"
        if self.end:
            return f"up to {self.end.isoformat()}"
        return "all dates"

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ReportRequest:
    kind: ReportKind
    period: Period = field(default_factory=Period)
    identified: bool = False


@dataclass(frozen=True)
class FlagCount:
    """Intakes raising one flag at one level (the store groups by flag id and level)."""

    flag_id: str
    title: str
    level: str
    intakes: int


@dataclass(frozen=True)
class CaseloadCounts:
    """What the store counted with GROUP BY over the newest intake of each client in a period."""

    intakes: int
    by_flag: tuple[FlagCount, ...] = ()
    by_policy: tuple[tuple[str, int], ...] = ()
    by_day: tuple[tuple[date | None, int], ...] = ()  # folded into months by the service
    by_nationality: tuple[tuple[str | None, int], ...] = ()
    by_review_status: tuple[tuple[str, int], ...] = ()
    by_age_band: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class CaseRow:
    """One newest intake for a row-level report; identity fields stay empty unless identified."""

    intake_id: str
    intake_date: date | None
    nationality: str | None
    age_band: str
    review_status: str
    client_id: str = ""
    name: str = ""
    a_number: str = ""


@dataclass(frozen=True)
class FlagRow:
    case: CaseRow
    flag_id: str
    level: str
    policy: str
    title: str


Cell = str | int


@dataclass(frozen=True)
class ReportTable:
    """One titled table; `chart` says how the PDF (and the GUI preview) draws it: labels from the
    first column, values from `value_column`."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: ChartKind = ChartKind.NONE
    value_column: int = 1


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    title: str
    clinic_name: str
    period: Period
    identified: bool
    generated_at: datetime
    generated_by: str
    tables: tuple[ReportTable, ...]
    notes: tuple[str, ...] = ()

    @property
    def privacy_note(self) -> str:
        """The header line every output names its de-identification with."""
        return IDENTIFIED_NOTE if self.identified else DEIDENTIFIED_NOTE

    def table(self, key: str) -> ReportTable:
        return next(t for t in self.tables if t.key == key)


def age_band(date_of_birth: object, on: date | None) -> str:
    """The band of the client's age on `on`; a partial birth date whose possible ages straddle
    two bands gives the younger band (a possible child is counted as a child)."""
    if on is None or not isinstance(date_of_birth, str) or not date_of_birth:
        return UNKNOWN
    try:
        born = parse_partial_date(date_of_birth)
    except DateSyntaxError:
        return UNKNOWN
    youngest = _age(born.last, on)
    if youngest < 0:
        return UNKNOWN
    return band_of(youngest)


def band_of(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return UNKNOWN


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def generalize(values: Sequence[str], *, k: int = SMALL_CELL) -> list[str]:
    """Replace each value shared by fewer than `k` rows with FEWER_THAN (k-anonymity per column):
    a lone Mauritanian in a list of Hondurans is named by nationality alone."""
    counts = Counter(values)
    return [v if counts[v] >= k or v == UNKNOWN else FEWER_THAN for v in values]


def small(count: int) -> str:
    """The note beside a count small enough to point at someone (the count itself is kept)."""
    return "*" if 0 < count < SMALL_CELL else ""


def months(by_day: Iterable[tuple[date | None, int]]) -> list[tuple[str, int]]:
    """Day counts folded into "YYYY-MM" months, oldest first; undated intakes last."""
    totals: Counter[str] = Counter()
    for day, count in by_day:
        totals[day.strftime("%Y-%m") if day else UNKNOWN] += count
    return sorted(totals.items(), key=lambda kv: (kv[0] == UNKNOWN, kv[0]))
