"""Client search as the core sees it: the query, the page of answers, and how text is read.

The same rules serve the GUI, the CLI and every store: text is folded with unidecode and
case-folded (exactly like the stored name key), split into name words and A-number digits, and a
word of `TYPO_MIN_LENGTH` letters or more also finds names one edit away ("Gonzales" finds
"González"). Stores implement the matching (SQLite FTS5, PostgreSQL pg_trgm); this module only
says what a query means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz.distance import OSA
from unidecode import unidecode

from clinic_app.domain import ClientSummary

DEFAULT_PAGE = 100
MAX_PAGE = 500
TYPO_MIN_LENGTH = 4
"""Shorter words match only exactly (as a word prefix): "Ruiz" must not also bring every "Luiz"
for a two-letter query, and a typo in three letters is rarely one."""
A_NUMBER_DIGITS = 9

_WORD = re.compile(r"[a-z0-9]+")
_A_NUMBER = re.compile(r"a?[0-9]+")
_A_NUMBER_PUNCTUATION = re.compile(r"[\s.\-]")


class ClientSort(StrEnum):
    """What the list is ordered by (every key has an index in each store)."""

    RECENT = "recent"  # last changed first: the client you just worked with is on top
    NAME = "name"  # given names, then family names, as shown
    A_NUMBER = "a_number"
    LAST_ENTRY = "last_entry"
    FLAGS = "flags"  # urgent flags, then number of flags


@dataclass(frozen=True)
class ClientQuery:
    """One request for a page of the client list.

    `text` is what the user typed (names in any order, an A-number with or without "A", spaces
    or dashes). `urgent`: the newest intake has an urgent flag. `unreviewed`: the newest intake
    has a flag no attorney decision covers (none yet, or re-opened by a later screening).
    `deadline_days`: the client has an open deadline due within that many days of today,
    overdue ones included (clinic_app.deadlines.within).
    """

    text: str = ""
    urgent: bool = False
    unreviewed: bool = False
    deadline_days: int | None = None
    sort: ClientSort = ClientSort.RECENT
    descending: bool = True
    offset: int = 0
    limit: int = DEFAULT_PAGE

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise ValueError("offset must not be negative")
        if not 1 <= self.limit <= MAX_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
        if self.deadline_days is not None and self.deadline_days < 0:
            raise ValueError("deadline_days must not be negative")

    @property
    def terms(self) -> SearchTerms:
        return parse_search_text(self.text)

    @property
    def narrowed(self) -> bool:
        """True when text or a filter leaves out some clients."""
        return bool(self.urgent or self.unreviewed or self.deadline_days is not None
                    or not self.terms.empty)

    def page(self, offset: int, limit: int | None = None) -> ClientQuery:
        return replace(self, offset=offset, limit=self.limit if limit is None else limit)


@dataclass(frozen=True)
class ClientPage:
    """Rows `query.offset ...` of the answer, and how many clients the whole answer holds.

    With text, clients matched exactly come first; the first `exact` of all `total` matched
    without a typo allowance (so a row at position >= `exact` is a "close match"). `everyone` is
    the number of clients in the store, for "12 of 100,000 clients".
    """

    query: ClientQuery
    rows: tuple[ClientSummary, ...]
    total: int
    exact: int
    everyone: int

    def is_close_match(self, position: int) -> bool:
        """Whether the row at absolute `position` matched only with a typo allowance."""
        return position >= self.exact


@dataclass(frozen=True)
class SearchTerms:
    """Typed text, read: folded name words (each must match the start of a name word) and
    A-number digit groups (each must match the start of the client's A-number)."""

    words: tuple[str, ...] = ()
    digits: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words and not self.digits

    def typo_tolerant(self, word: str) -> bool:
        return len(word) >= TYPO_MIN_LENGTH and not word.isdigit()


def fold(text: str) -> str:
    """Transliterated and case-folded: "González" -> "gonzalez", "Павел" -> "pavel"."""
    return unidecode(text).casefold()


def fold_name(given_names: str, family_names: str) -> str:
    """The stored search key of a name: folded "given family", single-spaced."""
    return " ".join(fold(f"{given_names} {family_names}").split())


def parse_search_text(text: str) -> SearchTerms:
    """Read what was typed in the search box.

    "A-123-456-789", "a 123 456 789" and "123456789" are one A-number; "gonzález maría" is two
    name words; "maría 2024" is a name word and an A-number beginning.
    """
    folded = fold(text)
    whole = _A_NUMBER_PUNCTUATION.sub("", folded)
    if _A_NUMBER.fullmatch(whole) and any(c.isdigit() for c in whole):
        return SearchTerms(digits=(whole.lstrip("a"),))
    words: list[str] = []
    digits: list[str] = []
    for token in folded.split():
        compact = token.replace("-", "").replace(".", "")
        if _A_NUMBER.fullmatch(compact) and any(c.isdigit() for c in compact):
            digits.append(compact.lstrip("a"))
        else:
            words.extend(_WORD.findall(token))
    return SearchTerms(words=tuple(dict.fromkeys(words)), digits=tuple(dict.fromkeys(digits)))


def a_number_digits(a_number: str | None) -> str | None:
    """The stored search form of an A-number: its digits, zero-padded to nine ("A12345678" ->
    "012345678"), or None."""
    if not a_number:
        return None
    digits = "".join(c for c in a_number if c.isdigit())
    return digits.zfill(A_NUMBER_DIGITS) if digits else None


def a_number_prefixes(digits: str) -> tuple[str, ...]:
    """Stored-digit prefixes that a typed digit group may begin.

    Stored A-numbers have nine digits, so an eight-digit one gains a leading zero: "12345678",
    "012345678" and "A012-345-678" all find A12345678, and its beginning "1234" does too.
    """
    if not digits:
        return ()
    if len(digits) >= A_NUMBER_DIGITS:
        return (digits,)
    return (digits, "0" + digits)


def is_typo_of(typed: str, word: str) -> bool:
    """One edit (a wrong, missing, extra or swapped letter) turns `typed` into `word`."""
    return OSA.distance(typed, word, score_cutoff=1) <= 1


def word_matches(typed: str, word: str) -> bool:
    """`typed` begins `word`, or is one typo away from it (long enough words only)."""
    if word.startswith(typed):
        return True
    return len(typed) >= TYPO_MIN_LENGTH and is_typo_of(typed, word)
