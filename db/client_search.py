"""Client search over `client_search` (db/search_index.py): text, filters, sort, one page.

Everything is decided in the database: which clients match, how many, in what order; Python only
turns typed words into a match expression and picks typo neighbours from the index's vocabulary.
SQLite matches words through FTS5 (`"gonz"*` is a word prefix); PostgreSQL through a word-start
regular expression and pg_trgm word similarity (for typos) when available.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from string import ascii_lowercase, digits
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    false,
    func,
    literal,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.domain import ClientSummary, IntakeDocument
from clinic_app.search import (
    ClientPage,
    ClientQuery,
    ClientSort,
    SearchTerms,
    a_number_prefixes,
    is_typo_of,
)
from db import search_index
from db.errors import write_error
from db.records import ClientRecord, ClientSearchRecord, IntakeRecord

T = TypeVar("T")

MAX_ALTERNATIVES = 40
"""Typo neighbours kept per word: enough for any real name, bounded for the FTS query."""
WORD_SIMILARITY = 0.5
"""PostgreSQL: pg_trgm word similarity at which a typed word counts as a typo of a name word."""
_ALPHABET = ascii_lowercase + digits

cs = ClientSearchRecord.__table__.alias("cs")
clients = ClientRecord.__table__.alias("c")
intakes = IntakeRecord.__table__.alias("i")
_fts = table(search_index.FTS_TABLE, column("rowid"), column(search_index.FTS_TABLE))
_vocab = table(search_index.VOCAB_TABLE, column("term"))

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

    def search(self, query: ClientQuery) -> ClientPage:
        return self._read(lambda session: search_clients(session, query))

    def count(self, query: ClientQuery) -> int:
        return self._read(lambda session: count_clients(session, query))

    def _read(self, work: Callable[[Session], T]) -> T:
        try:
            with self._sessions() as session, session.begin():
                return work(session)
        except SQLAlchemyError as err:
            raise write_error(err, self._location) from err


def search_clients(session: Session, query: ClientQuery) -> ClientPage:
    """One page of the answer to `query`, with the answer's size (see ClientPage)."""
    exact, loose = _text_conditions(session, query.terms)
    filters = _filters(query)
    total = _count(session, [*filters, loose])
    close_matches = exact is not loose
    exact_total = _count(session, [*filters, exact]) if close_matches and total else total
    everyone = _count(session, []) if query.narrowed else total
    order: list[Any] = []
    if close_matches and exact_total not in (0, total):
        order.append(case((exact, 0), else_=1))  # exact matches first, then close ones
    for key in (*_SORT_KEYS[query.sort], cs.c.id):
        order.append(key.desc() if query.descending else key.asc())
    stmt = (_row_query().where(*filters, loose).order_by(*order)
            .offset(query.offset).limit(query.limit))
    rows = tuple(_summary(row) for row in session.execute(stmt))
    return ClientPage(query=query, rows=rows, total=total, exact=exact_total, everyone=everyone)


def count_clients(session: Session, query: ClientQuery) -> int:
    """How many clients match `query` (text and filters; offset and limit do not matter)."""
    _, loose = _text_conditions(session, query.terms)
    return _count(session, [*_filters(query), loose])


# -- conditions ---------------------------------------------------------------------------------

def _filters(query: ClientQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.urgent:
        conditions.append(cs.c.urgent_count > 0)
    if query.unreviewed:
        conditions.append(cs.c.unreviewed_count > 0)
    return conditions


def _text_conditions(session: Session,
                     terms: SearchTerms) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(exact, loose): clients matching every word as typed, and allowing one typo per word.

    The two are the same object when typos change nothing, so callers can skip a second count.
    """
    digit_conditions = [_a_number_condition(d) for d in terms.digits]
    if not terms.words:
        both = and_(true(), *digit_conditions)
        return both, both
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        exact, loose = _sqlite_words(session, terms)
    elif dialect == "postgresql":
        exact, loose = _postgres_words(session, terms)
    else:
        exact = loose = and_(*(_word_start(w) for w in terms.words))
    if loose is exact:
        both = and_(exact, *digit_conditions)
        return both, both
    return and_(exact, *digit_conditions), and_(loose, *digit_conditions)


def _a_number_condition(typed: str) -> ColumnElement[bool]:
    # A range on the indexed column, not LIKE: both stores use the index for it.
    prefixes = a_number_prefixes(typed)
    if not prefixes:
        return false()
    return or_(*(and_(cs.c.a_digits >= p, cs.c.a_digits < p + ":") for p in prefixes))


def _sqlite_words(session: Session,
                  terms: SearchTerms) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    groups_exact = [f'"{word}"*' for word in terms.words]
    groups_loose = []
    for word in terms.words:
        neighbours = _sqlite_typo_neighbours(session, word) if terms.typo_tolerant(word) else []
        alternatives = [f'"{word}"*', *(f'"{n}"' for n in neighbours)]
        groups_loose.append("(" + " OR ".join(alternatives) + ")")
    # FTS5 wants an explicit AND before a parenthesised group.
    exact = _fts_match(" AND ".join(groups_exact))
    if groups_loose == [f"({g})" for g in groups_exact]:
        return exact, exact
    return exact, _fts_match(" AND ".join(groups_loose))


def _fts_match(expression: str) -> ColumnElement[bool]:
    matching = select(_fts.c.rowid).where(
        getattr(_fts.c, search_index.FTS_TABLE).op("MATCH")(literal(expression)))
    return cs.c.id.in_(matching)


def _sqlite_typo_neighbours(session: Session, word: str) -> list[str]:
    """Index words one edit from `word` (and not already its prefix matches).

    An edit after the first letter keeps the first letter: one range read of the vocabulary.
    An edit of the first letter: the few possible spellings, looked up exactly.
    """
    first = word[0]
    nearby = select(_vocab.c.term).where(
        _vocab.c.term >= first, _vocab.c.term < chr(ord(first) + 1),
        func.length(_vocab.c.term).between(len(word) - 1, len(word) + 1))
    firsts = {word[1:], word[1] + word[0] + word[2:]}
    firsts.update(c + word[1:] for c in _ALPHABET)
    firsts.update(c + word for c in _ALPHABET)
    elsewhere = select(_vocab.c.term).where(_vocab.c.term.in_(sorted(firsts)))
    found = set(session.scalars(nearby)) | set(session.scalars(elsewhere))
    neighbours = sorted(t for t in found if not t.startswith(word) and is_typo_of(word, t))
    return neighbours[:MAX_ALTERNATIVES]


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


def _row_query() -> Select[Any]:
    return (
        select(clients.c.id, clients.c.given_names, clients.c.family_names,
               clients.c.nationalities, clients.c.a_number, clients.c.updated_at,
               intakes.c.last_entry_text, cs.c.flag_count, cs.c.urgent_count)
        .select_from(cs.join(clients, clients.c.id == cs.c.client_id)
                     .outerjoin(intakes, intakes.c.id == cs.c.latest_intake_id))
    )


def _summary(row: Any) -> ClientSummary:
    # The one definition of a display name is IntakeDocument's.
    name = IntakeDocument({"client": {"given_names": row.given_names,
                                      "family_names": row.family_names}}).display_name
    return ClientSummary(
        client_id=row.id, display_name=name, nationalities=tuple(row.nationalities or ()),
        last_entry=row.last_entry_text, flag_count=row.flag_count or 0,
        urgent_count=row.urgent_count or 0, a_number=row.a_number, updated_at=row.updated_at)
