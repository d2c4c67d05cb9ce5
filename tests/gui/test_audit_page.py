"""pytest-qt: the admin's Audit page (filters, verify) over fake services, and the whole
sign-in -> lock -> unlock -> audit round on a real encrypted store."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from clinic_app.__main__ import Composition
from clinic_app.audit_log import AuditEntry, AuditQuery, ChainVerdict, TamperKind
from clinic_app.domain import Role
from clinic_app.security import Actor, Credentials
from clinic_app.services import FirstRunSetup
from db import keyring
from ui.audit.page import AuditPage
from ui.main_window import MainWindow
from ui.models.audit_table import DTO_ROLE, AuditColumn, detail_text
from ui.session.flow import Session
from ui.workers import TaskRunner

from .fakes import fake_services
from .keys import type_text

ENTRIES = [
    AuditEntry(3, datetime(2026, 7, 2, 9, 30, tzinfo=UTC), "ana", "intake.changed", "intake",
               "i1", {"client_id": "c1", "changes": [
                   {"field": "client.given_names", "old": "Ana", "new": "Ana María"}]}),
    AuditEntry(2, datetime(2026, 7, 1, 9, 0, tzinfo=UTC), None, "login.failed", "user", "ana",
               {"username": "ana", "reason": "wrong password"}),
    AuditEntry(1, datetime(2026, 7, 1, 8, 0, tzinfo=UTC), "admin", "store.created", "store",
               "", {"kind": "sqlcipher"}),
]


class FakeAudit:
    def __init__(self) -> None:
        self.queries: list[AuditQuery] = []
        self.verdict = ChainVerdict(3)

    def audit_events(self, query: AuditQuery) -> list[AuditEntry]:
        self.queries.append(query)
        return [e for e in ENTRIES
                if (query.username is None or e.username == query.username)
                and (query.action is None or e.action.startswith(query.action))
                and (query.since is None or e.at >= query.since)
                and (query.until is None or e.at < query.until)]

    def audit_usernames(self) -> list[str]:
        return ["admin", "ana"]

    def audit_actions(self) -> list[str]:
        return ["intake.changed", "login.failed", "store.created"]

    def verify(self) -> ChainVerdict:
        return self.verdict


@pytest.fixture
def page(qtbot):
    runner = TaskRunner()
    audit = FakeAudit()
    page = AuditPage(audit, runner)
    qtbot.addWidget(page.view)
    qtbot.waitUntil(lambda: page.view.user.count() == 3 and not runner.busy)
    yield page, audit
    runner.shutdown()


def test_the_table_shows_the_trail_newest_first(qtbot, page, qtmodeltester) -> None:
    p, _ = page
    model = p.model
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    assert model.index(0, AuditColumn.USER).data() == "ana"
    assert model.index(1, AuditColumn.USER).data() == "(system)"
    assert model.index(0, AuditColumn.DETAIL).data() == "client_id: c1 · changed: " \
        "client.given_names"
    assert model.index(2, AuditColumn.TIME).data() == "2026-07-01 08:00:00"
    assert model.index(0, 0).data(DTO_ROLE) is ENTRIES[0]
    assert p.view.status.text() == "3 events"


def test_filters_reach_the_service(qtbot, page) -> None:
    p, audit = page
    with qtbot.waitSignal(p.loaded):
        p.view.user.setCurrentIndex(p.view.user.findData("ana"))
    assert audit.queries[-1].username == "ana" and p.model.rowCount() == 1
    with qtbot.waitSignal(p.loaded):
        p.view.user.setCurrentIndex(0)
    with qtbot.waitSignal(p.loaded):
        p.view.action.setCurrentIndex(p.view.action.findData("login."))
    assert [e.action for e in p.model.entries()] == ["login.failed"]
    with qtbot.waitSignal(p.loaded):
        p.view.action.setCurrentIndex(0)
    p.view.since.setDate(QDate(2026, 7, 2))
    with qtbot.waitSignal(p.loaded):
        p.view.since_on.setChecked(True)
    assert audit.queries[-1].since == datetime(2026, 7, 2, tzinfo=UTC)
    assert [e.event_id for e in p.model.entries()] == [3]
    p.view.until.setDate(QDate(2026, 7, 1))
    with qtbot.waitSignal(p.loaded):
        p.view.since_on.setChecked(False)
    with qtbot.waitSignal(p.loaded):
        p.view.until_on.setChecked(True)
    assert audit.queries[-1].until == datetime(2026, 7, 2, tzinfo=UTC)  # "To" day included
    assert [e.event_id for e in p.model.entries()] == [2, 1]


def test_verify_says_what_it_found(qtbot, page) -> None:
    p, audit = page
    with qtbot.waitSignal(p.verified):
        p.view.verify_button.click()
    assert p.view.status.text() in ("chain intact: 3 events", "Loading…", "3 events")
    audit.verdict = ChainVerdict(3, 2, TamperKind.DELETED)
    with qtbot.waitSignal(p.verified) as verified:
        p.view.verify_button.click()
    assert verified.args[0].kind is TamperKind.DELETED


def test_details_are_one_short_line() -> None:
    assert detail_text({"username": "ana", "reason": None, "flags": []}) == "username: ana"
    assert len(detail_text({"note": "x" * 1000})) == 160


def test_admins_get_the_audit_page_others_do_not(qtbot) -> None:
    base = fake_services()
    with_audit = dataclasses.replace(base, audit=FakeAudit())
    admin = MainWindow(with_audit)
    qtbot.addWidget(admin)
    session = Session(admin, with_audit)
    assert session.audit is not None
    admin.show_page("audit")
    assert admin.current_page_id() == "audit"
    plain = MainWindow(base)
    qtbot.addWidget(plain)
    Session(plain, base)
    plain.show_page("audit")
    assert plain.current_page_id() == "clients"
    for w in (admin, plain):
        w.close()


def test_the_real_stack_locks_unlocks_and_audits(qtbot, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "DEFAULT_KDF", keyring.KdfParams(1, 1024, 1))
    composition = Composition()
    gate = composition.gate(argparse.Namespace(db=None, data_dir=tmp_path / "data", pack=None))
    assert gate.needs_setup()
    services = gate.set_up(FirstRunSetup("Clínica", Credentials("admin", "a good password")))
    assert not gate.needs_setup()
    assert services.session is not None and services.audit is not None
    assert services.session.actor == Actor(services.session.actor.user_id, "admin", Role.ADMIN)
    # The client list is another feature's; this test is about the session, lock and audit.
    window = MainWindow(dataclasses.replace(services, clients=fake_services().clients))
    qtbot.addWidget(window)
    session = Session(window, services, check_interval_ms=10)
    assert session.lock is not None and session.audit is not None
    lock = session.lock
    lock.lock()
    type_text(lock.screen.password, "wrong password")
    lock.screen.unlock_button.click()
    qtbot.waitUntil(lambda: "not the password" in lock.screen.message.text())
    assert lock.is_locked
    with qtbot.waitSignal(lock.unlocked):
        type_text(lock.screen.password, "a good password")
        lock.screen.unlock_button.click()
    events = services.audit.audit_events(AuditQuery(limit=20))
    actions = [e.action for e in reversed(events)]
    assert actions[:3] == ["store.created", "user.added", "login.succeeded"]
    assert sorted(actions[3:]) == ["login.failed", "session.locked", "session.unlocked"]
    assert services.audit.verify().intact
    window.close()
    session.end()
    composition.close()
