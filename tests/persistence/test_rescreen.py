"""Re-screening a real store: exactly the changed clients are reported and stored, the stored
screenings are what a fresh screening gives, and the incremental path equals a full one."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import clinic_app.services.screening as screening_module
from clinic_app.audit_log import AuditQuery
from clinic_app.domain import IntakeDocument, Role
from clinic_app.errors import PermissionDenied
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor
from clinic_app.services.intakes import IntakeService
from clinic_app.services.screening import ScreeningService
from db.engine import Store, open_store
from db.migrate import ensure_schema
from db.records import FlagRecord, ScreeningRecord
from db.screening_store import SqlScreeningChangeLog, SqlScreeningStore
from db.users import SqlUserRepository
from forms.rule_pack_loader import parse_rule_pack
from tests.core.intake_variants import intakes, scenarios
from tests.core.pack_edits import bundled_text, edited, narrow_stb, raise_level

TODAY = date(2026, 11, 23)


@functools.lru_cache(maxsize=16)
def engine(text: str) -> ScreeningEngine:
    return ScreeningEngine(parse_rule_pack(text, "pack.yaml"))


class Clinic:
    """A store with an admin, its intakes imported (screened on import) with the bundled pack."""

    def __init__(self, where: Path | Store, facts: list[dict[str, Any]]) -> None:
        self.store: Store = open_store(data_dir=where) if isinstance(where, Path) else where
        ensure_schema(self.store)
        with self.store.uow() as uow:
            self.user_id = SqlUserRepository(uow.session).add("admin", "Admin", Role.ADMIN)
        self.actor = Actor(self.user_id, "admin", Role.ADMIN)
        self.intakes = IntakeService(functools.partial(self.store.uow, user_id=self.user_id),
                                     engine(bundled_text()), actor=self.actor,
                                     today=lambda: TODAY)
        self.ids: dict[str, str] = {}   # display name -> intake id
        for f in facts:
            doc = IntakeDocument(f)
            _, self.ids[doc.display_name] = self.intakes.import_document(doc)

    def screening(self, text: str, actor: Actor | None = None) -> ScreeningService:
        store = SqlScreeningStore(self.store.sessions, location=self.store.location,
                                  user_id=self.user_id)
        return ScreeningService(store, engine(text), actor=actor or self.actor,
                                compile_pack=parse_rule_pack, pack_text=(text, "pack.yaml"),
                                today=lambda: TODAY, workers=1)

    def state(self) -> dict[str, Any]:
        """Everything a screening stores, by client name (ids differ between stores)."""
        out = {}
        with self.store.uow() as uow:
            for name, intake_id in self.ids.items():
                result = uow.flags.for_intake(intake_id)
                assert result is not None
                rows = uow.session.execute(
                    select(FlagRecord.flag_id, FlagRecord.position, FlagRecord.level,
                           FlagRecord.reason, FlagRecord.facts, FlagRecord.sources,
                           FlagRecord.as_of, FlagRecord.rule_pack_version)
                    .where(FlagRecord.intake_id == intake_id).order_by(FlagRecord.position))
                screening = uow.session.get(ScreeningRecord, intake_id)
                assert screening is not None
                out[name] = (result, [tuple(r) for r in rows],
                             (screening.as_of, screening.digest, screening.rule_pack_version,
                              screening.intake_day))
        return out

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Clinic]:
    c = Clinic(tmp_path / "a", scenarios())
    yield c
    c.close()


def expected_changes(old: str, new: str, facts: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(client, change) from screening every intake in full with both packs."""
    out = set()
    for f in facts:
        doc = IntakeDocument(f)
        day = date.fromisoformat(doc.intake_date) if doc.intake_date and \
            len(doc.intake_date) == 10 else TODAY
        before = {x.id: x.level for x in engine(old).screen(doc, as_of=day).flags}
        after = {x.id: x.level for x in engine(new).screen(doc, as_of=day).flags}
        parts = [f"+{i} ({after[i].value})" for i in after if i not in before]
        parts += [f"-{i}" for i in before if i not in after]
        parts += [f"{i} {before[i].value}->{after[i].value}" for i in after
                  if i in before and before[i] != after[i]]
        if parts:
            out.add((doc.display_name, ", ".join(parts)))
    return out


NEW_PACK = raise_level(narrow_stb(edited(bundled_text(), [], random.Random(0))),
                       "CLP-2023", "review", "urgent")


def test_rescreen_after_a_pack_change_reports_exactly_the_changed_clients(
        clinic: Clinic) -> None:
    report = clinic.screening(NEW_PACK).rescreen()
    got = {(c.client_name, c.describe()) for c in report.changes}
    assert got == expected_changes(bundled_text(), NEW_PACK, scenarios())
    assert got == {
        ("Jorge Antonio Palacios Urbina", "-STB-2024, CLP-2023 review->urgent"),
        ("Luis Alberto Morán Xicará", "CLP-2023 review->urgent"),
        ("Mehmet Ali Korkmaz", "CLP-2023 review->urgent"),
        ("Pedro José Nolasco Zelaya", "CLP-2023 review->urgent"),
    }
    assert report.intakes == 12 and report.evaluated == 12 and report.full == 0
    assert report.clients == 4 and report.pack.version == "2026.07.01"
    again = clinic.screening(NEW_PACK).rescreen()
    assert again.changes == () and again.evaluated == 0


def test_changes_are_stored_per_intake_and_the_run_is_audited(clinic: Clinic) -> None:
    report = clinic.screening(NEW_PACK).rescreen()
    jorge = clinic.ids["Jorge Antonio Palacios Urbina"]
    with clinic.store.uow() as uow:
        log = SqlScreeningChangeLog(uow.session)
        (change,) = log.for_intake(jorge)
        assert change.describe() == "-STB-2024, CLP-2023 review->urgent"
        assert change.at is not None
        assert change.pack_before == "us-border-asylum 2026.06.25"
        assert change.pack_after == "us-border-asylum 2026.07.01"
        assert set(log.changed_at(jorge)) == {"STB-2024", "CLP-2023"}
        pavel = next(i for name, i in clinic.ids.items() if name.startswith("Pavel"))
        assert log.for_intake(pavel) == []
        (event,) = uow.audit_log.events(AuditQuery(action="screening.rescreened"))
    assert event.detail["changed_clients"] == report.clients == 4
    assert event.detail["pack"] == "us-border-asylum 2026.07.01"
    assert clinic.screening(NEW_PACK).changes_for_intake(jorge)[0].flag_ids == (
        "STB-2024", "CLP-2023")


def test_a_dry_run_prints_the_same_and_stores_nothing(clinic: Clinic) -> None:
    before = clinic.state()
    dry = clinic.screening(NEW_PACK).rescreen(dry_run=True)
    assert clinic.state() == before
    real = clinic.screening(NEW_PACK).rescreen()
    assert [(c.client_name, c.describe()) for c in dry.changes] == \
        [(c.client_name, c.describe()) for c in real.changes]
    with clinic.store.uow() as uow:
        assert len(uow.audit_log.events(AuditQuery(action="screening.rescreened"))) == 1


def test_the_stored_screenings_are_what_a_fresh_screening_gives(clinic: Clinic) -> None:
    clinic.screening(NEW_PACK).rescreen()
    for name, (result, rows, label) in clinic.state().items():
        doc = next(IntakeDocument(f) for f in scenarios()
                   if IntakeDocument(f).display_name == name)
        fresh = engine(NEW_PACK).screen(doc, as_of=date.fromisoformat(doc.intake_date or ""))
        assert result == fresh
        assert result.rule_pack.version == "2026.07.01"
        assert [r[0] for r in rows] == [f.id for f in fresh.flags]
        assert label[1] == engine(NEW_PACK).fingerprint.digest


def test_a_pack_that_changes_no_output_is_only_relabelled(clinic: Clinic) -> None:
    text = edited(bundled_text(), ["retimeline"], random.Random(3), version="2026.06.26")
    before = clinic.state()
    report = clinic.screening(text).rescreen()
    assert (report.evaluated, report.full, report.changes) == (0, 0, ())
    after = clinic.state()
    for name in before:
        assert after[name][0].flags == before[name][0].flags
        assert after[name][0].rule_pack.version == "2026.06.26"
        assert after[name][1] == before[name][1]   # flag rows untouched, labels included


EDIT_SETS = [["shift_window", "change_level"], ["reword", "move_source"], ["reterm"],
             ["drop_last_flag", "swap_flags"], ["reword_warning", "shift_window"]]


@pytest.mark.parametrize("names", EDIT_SETS, ids=["+".join(n) for n in EDIT_SETS])
def test_incremental_and_full_rescreens_store_the_same(tmp_path: Path, names: list[str]) -> None:
    facts = intakes(30, seed=5)
    text = edited(bundled_text(), names, random.Random(len(names)))
    a, b = Clinic(tmp_path / "a", facts), Clinic(tmp_path / "b", facts)
    try:
        incremental = a.screening(text).rescreen()
        full = b.screening(text).rescreen(full=True)
        assert full.full == len(facts)
        assert a.state() == b.state()
        assert sorted((c.client_name, c.describe()) for c in incremental.changes) == \
            sorted((c.client_name, c.describe()) for c in full.changes) == \
            sorted(expected_changes(bundled_text(), text, facts))
    finally:
        a.close()
        b.close()


def test_worker_processes_store_what_one_process_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screening_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(screening_module, "CHUNK", 7)
    facts = intakes(40, seed=9)
    a, b = Clinic(tmp_path / "a", facts), Clinic(tmp_path / "b", facts)
    try:
        one = a.screening(NEW_PACK).rescreen(workers=1)
        two = b.screening(NEW_PACK).rescreen(workers=2)
        assert (one.workers, two.workers) == (1, 2)
        assert a.state() == b.state()
        assert [(c.client_name, c.describe()) for c in one.changes] == \
            [(c.client_name, c.describe()) for c in two.changes]
    finally:
        a.close()
        b.close()


def test_an_intake_saved_while_being_rescreened_is_left_to_its_own_screening(
        clinic: Clinic) -> None:
    service = clinic.screening(NEW_PACK)
    jorge = clinic.ids["Jorge Antonio Palacios Urbina"]
    store = service._store
    tasks: Callable[..., Any] = store.tasks

    def read_then_edit(*args: Any, **kwargs: Any) -> Any:
        out = tasks(*args, **kwargs)
        stored = clinic.intakes.open_intake(jorge)
        facts = dict(stored.document.facts)
        facts["notes"] = "edited while the re-screen ran"
        clinic.intakes.save_intake(jorge, IntakeDocument(facts))   # screened with the old pack
        return out

    store.tasks = read_then_edit  # type: ignore[method-assign]
    report = service.rescreen()
    assert report.skipped == 1
    assert "Jorge Antonio Palacios Urbina" not in {c.client_name for c in report.changes}
    with clinic.store.uow() as uow:
        result = uow.flags.for_intake(jorge)
    assert result is not None and result.rule_pack.version == "2026.06.25"
    assert "STB-2024" in {f.id for f in result.flags}
    # The next re-screen finds it screened with the old pack: only its changed flags again.
    again = clinic.screening(NEW_PACK).rescreen()
    assert [(c.client_name, c.describe()) for c in again.changes] == \
        [("Jorge Antonio Palacios Urbina", "-STB-2024, CLP-2023 review->urgent")]
    assert (again.evaluated, again.full) == (1, 0)


def test_an_intake_screened_as_of_today_is_screened_again_in_full(tmp_path: Path) -> None:
    partial = dict(scenarios()[0], intake_date="2026-07")
    c = Clinic(tmp_path / "a", [partial])
    try:
        service = c.screening(bundled_text())
        assert service.rescreen().evaluated == 0   # imported as of TODAY: nothing to redo
        later = ScreeningService(service._store, engine(bundled_text()), actor=c.actor,
                                 today=lambda: date(2027, 3, 1), workers=1)
        report = later.rescreen()
        assert (report.evaluated, report.full) == (1, 1)
        (state,) = c.state().values()
        assert state[0].as_of == date(2027, 3, 1) and state[2][3] is None
    finally:
        c.close()


def test_only_admins_rescreen(clinic: Clinic) -> None:
    paralegal = Actor(clinic.user_id, "pat", Role.PARALEGAL)
    with pytest.raises(PermissionDenied):
        clinic.screening(NEW_PACK, actor=paralegal).rescreen()


def test_a_stored_rescreen_reopens_and_audits_the_reviews_it_changed(clinic: Clinic) -> None:
    from clinic_app.domain import Disposition
    from clinic_app.services.reviews import ReviewService, reopen_after_rescreen

    uow = functools.partial(clinic.store.uow, user_id=clinic.user_id)
    reviews = ReviewService(uow, actor=clinic.actor)
    mehmet = clinic.ids["Mehmet Ali Korkmaz"]
    reviews.record(mehmet, "CLP-2023", Disposition.CONFIRMED, "entered in the window")
    service = ScreeningService(
        SqlScreeningStore(clinic.store.sessions, location=clinic.store.location,
                          user_id=clinic.user_id),
        engine(NEW_PACK), actor=clinic.actor, today=lambda: TODAY, workers=1,
        on_changes=functools.partial(reopen_after_rescreen, uow))
    report = service.rescreen()
    assert any(c.intake_id == mehmet for c in report.changes)
    with clinic.store.uow() as u:
        reopened = u.audit_log.events(AuditQuery(action="review.reopened"))
    assert [e.entity_id for e in reopened] == [mehmet]
    assert "CLP-2023" in str(reopened[0].detail)
