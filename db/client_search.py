"""Client search over `client_search` (db/search_index.py): text, filters, sort, one page.

Everything is decided in the database: which clients match, how many, in what order; Python only
turns typed words into a match expression and picks typo neighbours from the index's vocabulary.
SQLite matches words through FTS5 (`"gonz"*` is a word prefix); PostgreSQL through a word-start
regular expression and pg_trgm word similarity (for typos) when available.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar, cast

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.deadlines import KEEP_AFTER_PASSING
from clinic_app.domain import ClientSummary, IntakeDocument
from clinic_app.search import (
    ClientPage,
    ClientQuery,
    ClientSort,
    SearchTerms,
    a_number_prefixes,
)
from db import search_index
from db.errors import write_error
from db.records import ClientRecord, ClientSearchRecord, DeadlineRecord, IntakeRecord

T = TypeVar("T")

CACHE_KIB = 32 * 1024
MAX_ALTERNATIVES = 40
"""Typo neighbours kept per word: enough for any real name, bounded for the FTS query."""
WORD_SIMILARITY = 0.5
"""PostgreSQL: pg_trgm word similarity at which a typed word counts as a typo of a name word."""

cs = ClientSearchRecord.__table__.alias("cs")
clients = ClientRecord.__table__.alias("c")
intakes = IntakeRecord.__table__.alias("i")
deadlines = DeadlineRecord.__table__.alias("d")
_fts = table(search_index.FTS_TABLE, column("rowid"), column(search_index.FTS_TABLE))
_vocab = table(search_index.VOCAB_TABLE, column("term"))
_fts_data = table(f"{search_index.FTS_TABLE}_data", column("id"), column("block"))
_STRUCTURE_ROW = 10  # FTS5_STRUCTURE_ROWID: the index's table of contents

_SORT_KEYS: dict[ClientSort, tuple[Any, ...]] = {
    ClientSort.RECENT: (cs.c.updated_at,),
    ClientSort.NAME: (cs.c.name_key,),
    ClientSort.A_NUMBER: (cs.c.a_digits,),
    ClientSort.LAST_ENTRY: (cs.c.last_entry_lo,),
    ClientSort.FLAGS: (cs.c.urgent_count, cs.c.flag_count),
}


class SqlClientIndex:
    """clinic_app.ports.ClientIndex over a store: each call is one short read transaction."""

    def __init__(self, sessions: sessionmaker[Session], *, location: str) -> None:
        self._sessions = sessions
        self._location = location
        self._vocabulary = Vocabulary()

    def search(self, query: ClientQuery, *, today: date) -> ClientPage:
        return self._read(lambda session: search_clients(
            session, query, today=today, vocabulary=self._vocabulary))

    def count(self, query: ClientQuery, *, today: date) -> int:
        return self._read(lambda session: count_clients(
            session, query, today=today, vocabulary=self._vocabulary))

    def _read(self, work: Callable[[Session], T]) -> T:
        try:
            with self._sessions() as session, session.begin():
                if session.get_bind().dialect.name == "sqlite":
                    # Typing repeats the same index reads: keep them in this connection's
                    # page cache (SQLite's default, 2 MB, holds a fraction of 100,000 clients;
                    # with SQLCipher every miss also decrypts a page).
                    session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))
                return work(session)
        except SQLAlchemyError as err:
            raise write_error(err, self._location) from err


def search_clients(session: Session, query: ClientQuery, *, today: date,
                   vocabulary: Vocabulary | None = None) -> ClientPage:
    """One page of the answer to `query`, with the answer's size (see ClientPage).

    Exact matches come first, then close ones (a typo allowed), each tier in the asked order.
    A page is found as ids from `client_search` alone, then only those rows are joined.
    """
    match = _match(session, query.terms, vocabulary)
    filters = _filters(query, today)
    walking = _filters(query, today, walk=True)
    everyone = _count(session, [])
    total = _count_matching(session, match, filters, loose=True) if query.narrowed else everyone
    exact_total = (_count_matching(session, match, filters, loose=False)
                   if match.close_matches and total else total)
    tiers: list[tuple[Callable[[bool], list[ColumnElement[bool]]], int]] = [
        (lambda scan: match.conditions(loose=False, scan=scan), exact_total)]
    if match.close_matches:
        tiers.append((lambda scan: match.close_only(scan=scan), total - exact_total))
    ids: list[int] = []
    offset, wanted = query.offset, query.limit
    for conditions, size in tiers:
        if wanted <= 0:
            break
        if offset >= size:
            offset -= size
            continue
        # Few matches: read them by id and sort them. Many: walk the sort key's index and
        # keep the matching rows, which stops after a page instead of sorting thousands.
        scan = (offset + wanted) * everyone < 8 * size * size
        stmt = (select(cs.c.id).where(*walking, *conditions(scan))
                .order_by(*_order(query)).offset(offset).limit(wanted))
        found = list(session.scalars(stmt))
        ids.extend(found)
        wanted -= len(found)
        offset = 0
    return ClientPage(query=query, rows=_rows(session, ids), total=total, exact=exact_total,
                      everyone=everyone)


def count_clients(session: Session, query: ClientQuery, *, today: date,
                  vocabulary: Vocabulary | None = None) -> int:
    """How many clients match `query` (text and filters; offset and limit do not matter)."""
    if not query.narrowed:
        return _count(session, [])
    return _count_matching(session, _match(session, query.terms, vocabulary),
                           _filters(query, today), loose=True)


def _order(query: ClientQuery) -> list[Any]:
    keys = (*_SORT_KEYS[query.sort], cs.c.id)
    return [key.desc() if query.descending else key.asc() for key in keys]


@dataclass(frozen=True)
class _Match:
    """What typed text selects, exactly and with one typo allowed per word.

    SQLite: FTS5 expressions; PostgreSQL and others: conditions on client_search. `digits`:
    A-number ranges, the same in both.
    """

    digits: tuple[ColumnElement[bool], ...] = ()
    exact_fts: str | None = None
    loose_fts: str | None = None
    exact_where: ColumnElement[bool] | None = None
    loose_where: ColumnElement[bool] | None = None

    @property
    def close_matches(self) -> bool:
        return self.loose_fts != self.exact_fts or self.loose_where is not self.exact_where

    def conditions(self, *, loose: bool, scan: bool = False) -> list[ColumnElement[bool]]:
        out = list(self.digits)
        fts = self.loose_fts if loose else self.exact_fts
        if fts is not None:
            out.append(_in_fts(fts, scan=scan))
        where = self.loose_where if loose else self.exact_where
        if where is not None:
            out.append(where)
        return out

    def close_only(self, *, scan: bool = False) -> list[ColumnElement[bool]]:
        out = self.conditions(loose=True, scan=scan)
        if self.exact_fts is not None:
            out.append(not_(_in_fts(self.exact_fts)))
        if self.exact_where is not None:
            out.append(not_(self.exact_where))
        return out


def _match(session: Session, terms: SearchTerms, vocabulary: Vocabulary | None) -> _Match:
    digits = tuple(_a_number_condition(d) for d in terms.digits)
    if not terms.words:
        return _Match(digits)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        exact, loose = _sqlite_words(session, terms, vocabulary or Vocabulary())
        return _Match(digits, exact_fts=exact, loose_fts=loose)
    if dialect == "postgresql":
        exact_where, loose_where = _postgres_words(session, terms)
    else:
        exact_where = loose_where = and_(*(_word_start(w) for w in terms.words))
    return _Match(digits, exact_where=exact_where, loose_where=loose_where)


def _count_matching(session: Session, match: _Match, filters: Sequence[ColumnElement[bool]], *,
                    loose: bool) -> int:
    fts = match.loose_fts if loose else match.exact_fts
    if fts is not None and not filters and not match.digits:
        # Straight from the FTS5 index: no lookup of each matching row.
        stmt = select(func.count()).select_from(_fts).where(_fts_condition(fts))
        return int(session.scalar(stmt) or 0)
    return _count(session, [*filters, *match.conditions(loose=loose)])


def _filters(query: ClientQuery, today: date, *,
             walk: bool = False) -> list[ColumnElement[bool]]:
    """The filters as conditions on client_search. Counting uses their indexes; a page query
    (`walk`) writes them `column + 0`, so SQLite walks the sort order's index and checks each
    row instead of collecting half the clinic through a filter index and sorting it."""

    def column(name: str) -> ColumnElement[Any]:
        plain: ColumnElement[Any] = cs.c[name]
        return plain + 0 if walk else plain

    conditions: list[ColumnElement[bool]] = []
    if query.urgent:
        conditions.append(column("urgent_count") > 0)
    if query.unreviewed:
        conditions.append(column("unreviewed_count") > 0)
    if query.deadline_days is not None:
        conditions.append(_due_clients(today, query.deadline_days).exists())
    return conditions


def _due_clients(today: date, days: int) -> Select[Any]:
    """The client's open deadlines due by today + `days`, overdue ones included: the rule of
    clinic_app.deadlines.within (a passed deadline stays open KEEP_AFTER_PASSING days).

    Correlated (EXISTS per client, by ix_deadlines_client_id): an IN list here let SQLite pair
    every listed client with every text match through a two-column index, seconds at 100,000.
    """
    still_open = []
    for kind, keep in KEEP_AFTER_PASSING.items():
        if keep is None:
            still_open.append(deadlines.c.kind == kind.value)
        else:
            still_open.append(and_(deadlines.c.kind == kind.value,
                                   deadlines.c.latest >= today - timedelta(days=keep)))
    return select(deadlines.c.id).where(
        deadlines.c.client_id == cs.c.client_id,
        deadlines.c.due <= today + timedelta(days=days), or_(*still_open))


def _a_number_condition(typed: str) -> ColumnElement[bool]:
    # A range on the indexed column, not LIKE: both stores use the index for it.
    prefixes = a_number_prefixes(typed)
    if not prefixes:
        return false()
    return or_(*(and_(cs.c.a_digits >= p, cs.c.a_digits < p + ":") for p in prefixes))


def _sqlite_words(session: Session, terms: SearchTerms,
                  vocabulary: Vocabulary) -> tuple[str, str]:
    """FTS5 expressions: every word as a word prefix; and each word or a typo neighbour."""
    groups_exact = [f'"{word}"*' for word in terms.words]
    groups_loose = []
    for word in terms.words:
        neighbours = vocabulary.neighbours(session, word) if terms.typo_tolerant(word) else []
        alternatives = [f'"{word}"*', *(f'"{n}"' for n in neighbours)]
        groups_loose.append("(" + " OR ".join(alternatives) + ")")
    # FTS5 wants an explicit AND before a parenthesised group.
    exact = " AND ".join(groups_exact)
    if groups_loose == [f"({g})" for g in groups_exact]:
        return exact, exact
    return exact, " AND ".join(groups_loose)


def _fts_condition(expression: str) -> ColumnElement[bool]:
    return cast(ColumnElement[bool], getattr(_fts.c, search_index.FTS_TABLE).op("MATCH")(
        literal(expression)))


def _in_fts(expression: str, *, scan: bool = False) -> ColumnElement[bool]:
    """Rows whose names match `expression`. `scan`: written `id + 0 IN (...)` so that SQLite
    cannot look rows up by id and walks the ORDER BY index instead."""
    matching = select(_fts.c.rowid).where(_fts_condition(expression))
    return (cs.c.id + 0).in_(matching) if scan else cs.c.id.in_(matching)


class Vocabulary:
    """The words of the SQLite FTS5 index, kept in memory between searches for typo matching.

    fts5vocab counts every word's documents as it lists them, far too slow per keystroke at
    100,000 clients; the list is reread only when the index's structure record (rowid 10 of its
    data table, rewritten by every change to the index) differs from the one it was read at.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: bytes | None = None
        self._words: list[str] = []

    def words(self, session: Session) -> list[str]:
        stamp = session.scalar(select(_fts_data.c.block).where(_fts_data.c.id == _STRUCTURE_ROW))
        with self._lock:
            if stamp is not None and stamp == self._stamp:
                return self._words
        words = list(session.scalars(select(_vocab.c.term)))
        with self._lock:
            self._stamp, self._words = stamp, words
        return words

    def neighbours(self, session: Session, word: str) -> list[str]:
        """Index words one edit from `word` (and not already among its prefix matches)."""
        found = process.extract(word, self.words(session), scorer=OSA.distance,
                                score_cutoff=1, limit=None)
        near = sorted(str(term) for term, _, _ in found if not str(term).startswith(word))
        return near[:MAX_ALTERNATIVES]


def _postgres_words(session: Session,
                    terms: SearchTerms) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    exact = and_(*(_word_start(w) for w in terms.words))
    tolerant = [w for w in terms.words if terms.typo_tolerant(w)]
    if not tolerant or not search_index.has_trigram_index(session.connection()):
        return exact, exact
    # pg_trgm's default (0.6) misses a wrong first letter in six ("Bargas"); 0.5 does not.
    session.execute(select(func.set_config("pg_trgm.word_similarity_threshold",
                                           str(WORD_SIMILARITY), True)))
    loose = and_(*(
        or_(_word_start(w), literal(w).op("<%")(cs.c.name_key)) if w in tolerant
        else _word_start(w)
        for w in terms.words))
    return exact, loose


def _word_start(word: str) -> ColumnElement[bool]:
    """`word` begins a word of the folded name (any dialect; words are [a-z0-9] only)."""
    return or_(cs.c.name_key.startswith(word), cs.c.name_key.contains(" " + word))


# -- rows ---------------------------------------------------------------------------------------

def _count(session: Session, conditions: Sequence[ColumnElement[bool]]) -> int:
    stmt = select(func.count()).select_from(cs).where(*conditions)
    return int(session.scalar(stmt) or 0)


def _rows(session: Session, ids: Sequence[int]) -> tuple[ClientSummary, ...]:
    """The list rows of `ids`, in that order."""
    if not ids:
        return ()
    stmt = (
        select(cs.c.id.label("position_key"), clients.c.id, clients.c.given_names,
               clients.c.family_names, clients.c.nationalities, clients.c.a_number,
               clients.c.updated_at, intakes.c.last_entry_text, cs.c.flag_count,
               cs.c.urgent_count)
        .select_from(cs.join(clients, clients.c.id == cs.c.client_id)
                     .outerjoin(intakes, intakes.c.id == cs.c.latest_intake_id))
        .where(cs.c.id.in_(ids))
    )
    by_id = {row.position_key: _summary(row) for row in session.execute(stmt)}
    return tuple(by_id[i] for i in ids if i in by_id)


_NO_NAME = IntakeDocument({}).display_name


def _summary(row: Any) -> ClientSummary:
    # IntakeDocument.display_name, without building a document per row.
    name = " ".join(p for p in (row.given_names, row.family_names) if p) or _NO_NAME
    return ClientSummary(
        client_id=row.id, display_name=name, nationalities=tuple(row.nationalities or ()),
        last_entry=row.last_entry_text, flag_count=row.flag_count or 0,
        urgent_count=row.urgent_count or 0, a_number=row.a_number, updated_at=row.updated_at)
