"""Reviews and deadlines in a real store: they survive a restart, re-screens re-open, and
deadlines follow every save."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path

from clinic_app.audit_log import AuditQuery
from clinic_app.domain import DeadlineKind, Disposition, IntakeDocument, Role
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor
from clinic_app.services.deadlines import DeadlineService
from clinic_app.services.intakes import IntakeService
from clinic_app.services.policies import PolicyService
from clinic_app.services.reviews import ReviewService
from db.engine import Store, open_store
from db.migrate import ensure_schema
from forms.rule_pack_loader import default_pack_path, load_rule_pack

TODAY = date(2026, 7, 1)
Scenario = Callable[[str], IntakeDocument]


@functools.cache
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def users(store: Store) -> tuple[Actor, Actor]:
    with store.uow() as uow:
        alma = uow.users.add("alma", "Alma Ruiz", Role.ATTORNEY)
        paula = uow.users.add("paula", "Paula Soto", Role.PARALEGAL)
    return (Actor(alma, "alma", Role.ATTORNEY, "Alma Ruiz"),
            Actor(paula, "paula", Role.PARALEGAL, "Paula Soto"))


def services(store: Store, actor: Actor) -> tuple[IntakeService, ReviewService, DeadlineService]:
    uow = functools.partial(store.uow, user_id=actor.user_id)
    return (IntakeService(uow, engine(), actor=actor, today=lambda: TODAY),
            ReviewService(uow, actor=actor, today=lambda: TODAY),
            DeadlineService(uow, actor=actor, today=lambda: TODAY))


def test_dispositions_survive_a_restart(tmp_path: Path, scenario: Scenario) -> None:
    folder = tmp_path / "data"
    with open_store(data_dir=folder) as store:
        ensure_schema(store)
        attorney, paralegal = users(store)
        _, reviews, _ = services(store, attorney)
        _, intake_id = services(store, paralegal)[0].import_document(scenario("s21"))
        reviews.record(intake_id, "CONFIDENTIALITY", Disposition.CONFIRMED,
                       "Home-government contact: never call the consulate.")
        reviews.sign_off(intake_id, "Done.")

    with open_store(data_dir=folder) as store:
        ensure_schema(store)
        state = services(store, paralegal)[1].review_for_intake(intake_id)
    (flag,) = state.flags
    assert flag.current is not None and flag.current.reviewer == "Alma Ruiz"
    assert flag.current.note == "Home-government contact: never call the consulate."
    assert flag.current.flag_level is not None and flag.current.fact_digests
    assert state.signed_off and [r.disposition for r in state.history] == [
        Disposition.SIGNED_OFF, Disposition.CONFIRMED]


def test_a_rescreen_reopens_in_the_store_and_the_trail(store: Store, scenario: Scenario) -> None:
    attorney, paralegal = users(store)
    paralegal_intakes = services(store, paralegal)[0]
    _, reviews, _ = services(store, attorney)
    document = scenario("s16")
    _, intake_id = paralegal_intakes.import_document(document)
    for s in reviews.review_for_intake(intake_id).flags:
        reviews.record(intake_id, s.flag.id, Disposition.CONFIRMED, "ok")
    reviews.sign_off(intake_id)

    facts = copy.deepcopy(dict(document.facts))
    facts["events"][0]["date_to"] = "2025-02-28"
    paralegal_intakes.save_intake(intake_id, IntakeDocument(facts))

    state = reviews.review_for_intake(intake_id)
    assert not state.signed_off
    reopened = {s.flag.id: s for s in state.reopened}
    assert "ONE-YEAR" in reopened
    assert reopened["ONE-YEAR"].history[0].reviewer == "Paula Soto"  # who saved it
    with store.uow() as uow:
        trail = uow.audit_log.events(AuditQuery(action="review."))
    actions = [e.action for e in trail]
    assert "review.reopened" in actions and "review.signed_off" in actions
    assert {e.username for e in trail if e.action == "review.recorded"} == {"alma"}


def test_deadlines_follow_saves_and_refresh_all_rebuilds_them(store: Store,
                                                             scenario: Scenario) -> None:
    _, paralegal = users(store)
    intakes, _, deadlines = services(store, paralegal)
    client_id, intake_id = intakes.import_document(scenario("s10"))
    (birthday,) = deadlines.deadlines()
    assert birthday.kind is DeadlineKind.TURNS_18 and birthday.client_name.startswith("Kevin")
    assert birthday.due == date(2026, 11, 12) and birthday.client_id == client_id

    facts = copy.deepcopy(dict(scenario("s10").facts))
    facts["events"].append({"type": "hearing", "date": "2026-07-05", "court": "Newark"})
    intakes.save_intake(intake_id, IntakeDocument(facts))
    assert [d.kind for d in deadlines.deadlines(7)] == [DeadlineKind.HEARING]

    with store.uow() as uow:
        uow.deadlines.replace_for_client(client_id, intake_id, [])
    assert deadlines.deadlines() == []
    assert deadlines.refresh_all() == 2
    assert len(deadlines.deadlines()) == 2


def test_the_policies_service_lists_whom_each_flag_reaches(store: Store,
                                                          scenario: Scenario) -> None:
    attorney, paralegal = users(store)
    intakes = services(store, paralegal)[0]
    intakes.import_document(scenario("s10"))
    intakes.import_document(scenario("s21"))
    uow = functools.partial(store.uow, user_id=attorney.user_id)
    policies = PolicyService(uow, engine().pack, actor=attorney)
    pack = policies.describe_pack()
    assert pack is not None and pack.version == "2026.06.25"
    assert [f.id for f in pack.flags][:2] == ["MPP-2025", "MPP-PRIOR"]
    reached = policies.flagged_clients()
    assert [c.client_name.split()[0] for c in reached["CONFIDENTIALITY"]] == ["Tenzin", "Kevin"]
    assert "MPP-2025" not in reached
