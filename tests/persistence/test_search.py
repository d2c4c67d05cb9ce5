"""Client search on a real SQLite store: folding, A-numbers, typos, word order, filters, pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from clinic_app.domain import Flag, FlagLevel, IntakeDocument, RulePackInfo, ScreeningResult
from clinic_app.search import ClientPage, ClientQuery, ClientSort
from db.client_search import SqlClientIndex
from db.engine import Store, open_store
from db.migrate import ensure_schema
from db.records import DeadlineRecord, ReviewRecord, UserRecord

TODAY = date(2026, 7, 1)
PACK = RulePackInfo(id="us-border-asylum", version="2026.06.25", reviewed="2026-07-01")

PEOPLE = {
    # name (given, family), A-number, flag levels of the newest intake
    "maria": (("María José", "González Pérez"), "A123456789", ("urgent", "review")),
    "luis": (("Luis Alberto", "Gonzales"), "A87654321", ("review",)),
    "ana": (("Ana", "Pérez González"), None, ()),
    "jose": (("José", "Núñez Ibáñez"), "A987654321", ("check",)),
    "hector": (("Héctor", "Vargas Hernández"), None, ("urgent",)),
    "pavel": (("Павел", "Дроздов"), "A000000014", ()),
    "li": (("Li", "Wei"), None, ()),
}


def document(given: str, family: str, a_number: str | None = None) -> IntakeDocument:
    client: dict[str, object] = {"given_names": given, "family_names": family}
    if a_number:
        client["a_number"] = a_number
    return IntakeDocument({"format": "clinic-intake/1", "client": client})


def screening(*levels: str) -> ScreeningResult:
    flags = tuple(Flag(id=f"FLAG-{i}", title=f"Flag {i}", policy="Policy",
                       level=FlagLevel(level), reason="Because.") for i, level in enumerate(levels))
    return ScreeningResult(as_of=date(2026, 7, 1), rule_pack=PACK, flags=flags,
                           not_applicable=())


def add_person(store: Store, given: str, family: str, a_number: str | None = None,
               levels: tuple[str, ...] = ()) -> tuple[str, str]:
    doc = document(given, family, a_number)
    with store.uow() as uow:
        client_id = uow.clients.add(doc)
        intake_id = uow.intakes.add(client_id, doc)
        uow.flags.replace_for_intake(intake_id, screening(*levels))
    return client_id, intake_id


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Every test runs on SQLite, and on PostgreSQL (tests/conftest.py's server)."""
    if request.param == "sqlite":
        with open_store(data_dir=tmp_path / "data") as opened:
            ensure_schema(opened)
            yield opened
        return
    url: str = request.getfixturevalue("pg_schema_url")
    with open_store(url) as opened:
        ensure_schema(opened)
        yield opened


def sqlite_only(store: Store) -> None:
    if store.kind != "sqlite":
        pytest.skip("checks SQLite's FTS5 index")


@pytest.fixture
def people(store: Store) -> dict[str, tuple[str, str]]:
    """key -> (client id, newest intake id), added in the order of PEOPLE."""
    return {key: add_person(store, *name, a_number, levels)
            for key, (name, a_number, levels) in PEOPLE.items()}


class Index:
    """The store's ClientIndex with today's date fixed (deadlines count from it)."""

    def __init__(self, store: Store) -> None:
        self._index = SqlClientIndex(store.sessions, location=store.location)

    def search(self, today: date, query: ClientQuery) -> ClientPage:
        return self._index.search(query, today=today)

    def count(self, today: date, query: ClientQuery) -> int:
        return self._index.count(query, today=today)


@pytest.fixture
def index(store: Store) -> Index:
    return Index(store)


def found(index: Index, text: str = "", **options: object) -> list[str]:
    page = index.search(TODAY, ClientQuery(text=text, **options))  # type: ignore[arg-type]
    return [row.display_name for row in page.rows]


def ids(index: Index, text: str = "", **options: object) -> set[str]:
    page = index.search(TODAY, ClientQuery(text=text, **options))  # type: ignore[arg-type]
    return {row.client_id for row in page.rows}


@pytest.mark.parametrize("typed", ["gonzalez", "González", "GONZALEZ", "gonzález"])
def test_accents_and_capitals_do_not_matter(index, people, typed):
    assert ids(index, typed) >= {people["maria"][0], people["ana"][0]}


@pytest.mark.parametrize("typed", ["Núñez", "Nunez", "NUNEZ", "ibanez", "Ibáñez"])
def test_enye_and_accents_fold_both_ways(index, people, typed):
    assert ids(index, typed) == {people["jose"][0]}


def test_another_script_is_found_in_latin_letters(index, people):
    assert ids(index, "pavel drozdov") == {people["pavel"][0]}
    assert ids(index, "Павел") == {people["pavel"][0]}


@pytest.mark.parametrize("typed", [
    "A123456789", "a123456789", "A-123-456-789", "123-456-789", "123 456 789", "A 123 456",
    "123456", "a-123",
])
def test_a_number_with_or_without_a_spaces_or_dashes(index, people, typed):
    assert ids(index, typed) == {people["maria"][0]}


@pytest.mark.parametrize("typed", ["A87654321", "A087654321", "087-654-321", "8765", "08765"])
def test_an_eight_digit_a_number_is_found_with_or_without_its_leading_zero(index, people, typed):
    assert ids(index, typed) == {people["luis"][0]}


def test_given_and_family_names_in_any_order_and_second_surnames(index, people):
    maria = people["maria"][0]
    for typed in ("maria gonzalez", "gonzalez maria", "perez", "maria perez",
                  "pérez gonzález maría", "jose gonzalez", "gonz per"):
        assert maria in ids(index, typed), typed
    assert ids(index, "maria perez gonzalez") == {maria}  # Ana Pérez González is not María
    assert ids(index, "ana perez gonzalez") == {people["ana"][0]}


def test_words_match_from_their_start_and_short_names_work(index, people):
    assert ids(index, "li") >= {people["li"][0]}
    assert ids(index, "wei") == {people["li"][0]}
    assert ids(index, "ez") == set()  # not a substring search: "ez" starts no word


@pytest.mark.parametrize(("typed", "who"), [
    ("Gonzales Maria", "maria"),  # wrong letter
    ("Gonzlez Maria", "maria"),  # missing letter
    ("Gonzalezz Maria", "maria"),  # extra letter
    ("Gonzaelz Maria", "maria"),  # swapped letters
    ("Bargas", "hector"),  # wrong first letter (b/v)
    ("Ernandez", "hector"),  # missing first letter (silent h)
    ("Nunes", "jose"),
])
def test_one_typo_per_word_is_forgiven(index, people, typed, who):
    assert people[who][0] in ids(index, typed)


def test_exact_matches_come_before_close_ones_and_are_counted(index, people):
    page = index.search(TODAY, ClientQuery(text="gonzales"))
    assert page.rows[0].client_id == people["luis"][0]  # the real "Gonzales" first
    assert page.exact == 1
    assert page.total == 3  # and the two González as close matches
    assert not page.is_close_match(0) and page.is_close_match(1)


def test_two_typos_in_one_word_are_too_many(index, people):
    assert ids(index, "gomsalez") == set()  # two letters away from González and Gonzales


def test_short_words_are_not_typo_matched(index, people):
    assert ids(index, "wie") == set()  # "wei" would need a typo allowance on 3 letters


def test_no_match_is_an_empty_page_with_counts(index, people):
    page = index.search(TODAY, ClientQuery(text="zzyzx"))
    assert page.rows == () and page.total == 0 and page.everyone == len(PEOPLE)


def test_urgent_filter_uses_the_newest_intake(store, index, people):
    assert ids(index, urgent=True) == {people["maria"][0], people["hector"][0]}
    # A new intake without urgent flags makes María not urgent any more
    maria = people["maria"][0]
    doc = document("María José", "González Pérez", "A123456789")
    with store.uow() as uow:
        intake_id = uow.intakes.add(maria, doc)
        uow.flags.replace_for_intake(intake_id, screening("review"))
    assert ids(index, urgent=True) == {people["hector"][0]}
    # and re-screening it with an urgent flag brings her back
    with store.uow() as uow:
        uow.flags.replace_for_intake(intake_id, screening("urgent"))
    assert ids(index, urgent=True) == {maria, people["hector"][0]}
    assert ids(index, "gonzalez", urgent=True) == {maria}


def _review(store: Store, intake_id: str, flag_id: str | None, disposition: str) -> None:
    with store.sessions() as session, session.begin():
        if session.get(UserRecord, "attorney-1") is None:
            session.add(UserRecord(id="attorney-1", username="ruth", display_name="Ruth",
                                   role="attorney", password_hash="x"))
            session.flush()
        session.add(ReviewRecord(intake_id=intake_id, flag_id=flag_id,
                                 disposition=disposition, user_id="attorney-1"))


def test_unreviewed_means_a_flag_of_the_newest_intake_no_decision_covers(store, index, people):
    flagged = {people[k][0] for k in ("maria", "luis", "jose", "hector")}
    assert ids(index, unreviewed=True) == flagged
    _review(store, people["maria"][1], "FLAG-0", "confirmed")  # one of her two flags
    assert people["maria"][0] in ids(index, unreviewed=True)
    _review(store, people["maria"][1], "FLAG-1", "not_applicable")
    _review(store, people["luis"][1], None, "signed_off")  # a whole-intake decision
    assert ids(index, unreviewed=True) == {people["jose"][0], people["hector"][0]}
    assert ids(index, unreviewed=True, urgent=True) == {people["hector"][0]}
    _review(store, people["maria"][1], "FLAG-1", "reopened")  # a re-screen changed it
    assert people["maria"][0] in ids(index, unreviewed=True)


def _deadline(store: Store, person: tuple[str, str], kind: str, due: date) -> None:
    with store.sessions() as session, session.begin():
        session.add(DeadlineRecord(client_id=person[0], intake_id=person[1], kind=kind, due=due,
                                   latest=due, uncertain=False, label=kind, facts=[]))


def test_deadline_filter_counts_overdue_deadlines_while_they_stay_open(store, index, people):
    _deadline(store, people["jose"], "one_year", TODAY + timedelta(days=20))
    _deadline(store, people["hector"], "hearing", TODAY - timedelta(days=10))  # missed? ask
    _deadline(store, people["li"], "hearing", TODAY - timedelta(days=40))  # long past: closed
    _deadline(store, people["ana"], "one_year", TODAY - timedelta(days=400))  # open for good
    _deadline(store, people["maria"], "parole_end", TODAY + timedelta(days=60))
    overdue = {people["hector"][0], people["ana"][0]}
    assert ids(index, deadline_days=0) == overdue
    assert ids(index, deadline_days=7) == overdue
    assert ids(index, deadline_days=30) == overdue | {people["jose"][0]}
    assert ids(index, deadline_days=90) == overdue | {people["jose"][0], people["maria"][0]}
    assert ids(index, "gonzalez", deadline_days=90) == {people["ana"][0], people["maria"][0]}
    assert index.count(TODAY, ClientQuery(deadline_days=30, urgent=True)) == 1  # Héctor


def test_filters_and_text_are_evaluated_in_sql(store, index, people):
    sqlite_only(store)
    statements: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        due = index.search(TODAY, ClientQuery(text="gonzalez", urgent=True, unreviewed=True,
                                              deadline_days=30, limit=5))
        flagged = index.search(TODAY, ClientQuery(text="gonzalez", urgent=True, limit=5))
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    counts = [s for s in statements if "count(" in s and "deadlines" in s]
    assert counts and all(part in counts[0] for part in (
        "urgent_count >", "unreviewed_count >", "client_search_fts MATCH"))
    pages = [s for s in statements if "LIMIT" in s]
    assert len(pages) == 1 and "urgent_count" in pages[0] and "MATCH" in pages[0]
    assert due.rows == () and due.total == 0  # no deadlines stored yet
    assert [r.client_id for r in flagged.rows] == [people["maria"][0]]


def test_pages_and_counts(index, people):
    first = index.search(TODAY, ClientQuery(sort=ClientSort.NAME, descending=False, limit=3))
    second = index.search(TODAY, first.query.page(3))
    assert first.total == second.total == len(PEOPLE) == first.everyone
    names = [r.display_name for r in (*first.rows, *second.rows)]
    assert len(names) == 6 and len(set(names)) == 6
    assert names[:3] == ["Ana Pérez González", "Héctor Vargas Hernández", "José Núñez Ibáñez"]
    assert index.count(TODAY, ClientQuery(text="gonzalez")) == 3  # with Gonzales, one letter away
    assert index.count(TODAY, ClientQuery(urgent=True)) == 2


def test_sorting_by_flags_puts_urgent_first(index, people):
    page = index.search(TODAY, ClientQuery(sort=ClientSort.FLAGS, descending=True))
    assert [r.client_id for r in page.rows[:2]] == [people["maria"][0], people["hector"][0]]


def test_recent_first_by_default_and_rows_carry_the_list_columns(store, index, people):
    page = index.search(TODAY, ClientQuery())
    assert page.rows[0].client_id == people["li"][0]  # added last
    maria = next(r for r in page.rows if r.client_id == people["maria"][0])
    assert (maria.flag_count, maria.urgent_count, maria.a_number) == (2, 1, "A123456789")


def test_renaming_a_client_reindexes_it(store, index, people):
    with store.uow() as uow:
        uow.clients.update_identity(people["ana"][0], document("Ana Lucía", "Rosales Ferrera"))
    assert ids(index, "rosales") == {people["ana"][0]}
    assert people["ana"][0] not in ids(index, "ana perez")


def test_the_default_list_reads_an_index_in_order(store):
    sqlite_only(store)
    """At 100,000 clients the first page must not sort the whole table."""
    with store.engine.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM client_search ORDER BY updated_at DESC, id DESC "
            "LIMIT 100").fetchall()
    text = " ".join(str(row[-1]) for row in plan)
    assert "ix_client_search_updated_at" in text and "TEMP B-TREE" not in text


@pytest.fixture
def broken_index(store: Store, people: dict[str, tuple[str, str]]) -> Iterator[Store]:
    sqlite_only(store)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER trg_clients_search_insert")
        conn.exec_driver_sql("DELETE FROM client_search WHERE name_key LIKE 'li %'")
    yield store


def test_a_damaged_index_is_rebuilt_when_the_store_opens(broken_index, index, people):
    assert ids(index, "wei") == set()
    assert ensure_schema(broken_index).action == "current"
    assert ids(index, "wei") == {people["li"][0]}
    new_client, _ = add_person(broken_index, "Xiomara", "Zelaya")  # the trigger is back
    assert ids(index, "xiomara") == {new_client}


def test_upgrading_a_store_with_clients_indexes_them(store, index):
    """A store made before revision 0002 gets its existing clients into the index."""
    sqlite_only(store)
    from alembic import command

    from db.migrate import alembic_config

    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
        # Rows as revision 0001 stored them (the models have moved on since).
        now = "2026-07-01 12:00:00.000000"
        conn.exec_driver_sql(
            "INSERT INTO clients VALUES ('c-1', 'María José', 'González Pérez', "
            f"'maria jose gonzalez perez', NULL, '[\"HN\"]', 'A123456789', '{now}', '{now}', 1)")
        conn.exec_driver_sql(
            "INSERT INTO intakes (id, client_id, ordinal, format, status, facts, created_at, "
            f"updated_at, version_id) VALUES ('i-1', 'c-1', 1, 'clinic-intake/1', 'complete', "
            f"'{{}}', '{now}', '{now}', 1)")
        conn.exec_driver_sql(
            "INSERT INTO flags (intake_id, position, flag_id, level, policy, title, reason, "
            "facts, sources, rule_pack_id, rule_pack_version, as_of) VALUES ('i-1', 0, "
            "'ONE-YEAR', 'urgent', 'p', 't', 'r', '[]', '[]', 'pack', '1', '2026-07-01')")
    outcome = ensure_schema(store)
    assert outcome.action == "upgraded" and outcome.from_revision == "0001"
    page = index.search(TODAY, ClientQuery(text="gonzalez", urgent=True))
    assert [r.display_name for r in page.rows] == ["María José González Pérez"]
    assert page.rows[0].urgent_count == 1
    assert ids(index, "A-123-456") == {page.rows[0].client_id}
