"""The Deadlines page (filters, .ics export, opening a client) and the Policies page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import icalendar
import pytest

from clinic_app.domain import DeadlineKind, Role
from clinic_app.policies import FlaggedClient
from clinic_app.security import Actor
from ui.deadlines.model import DTO_ROLE, DeadlineColumn
from ui.deadlines.page import DeadlinesPage
from ui.main_window import MainWindow
from ui.policies.models import DTO_ROLE as POLICY_DTO
from ui.policies.page import PoliciesPage
from ui.workers import TaskRunner

from .casework_fakes import CaseworkStore
from .fakes import fake_services


@pytest.fixture
def store() -> CaseworkStore:
    return CaseworkStore()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def deadlines(qtbot, store: CaseworkStore, runner: TaskRunner) -> DeadlinesPage:
    page = DeadlinesPage(store.deadlines, runner)
    qtbot.addWidget(page.view)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    return page


def test_deadlines_are_listed_soonest_first_with_days_left(qtmodeltester,
                                                           deadlines: DeadlinesPage) -> None:
    qtmodeltester.check(deadlines.model)
    rows = deadlines.model.rows()
    assert [d.due for d in rows] == sorted(d.due for d in rows)
    assert rows[0].kind is DeadlineKind.ONE_YEAR and rows[0].due == date(2024, 8, 15)
    assert deadlines.model.index(0, DeadlineColumn.WHEN).data() == "Overdue"
    assert deadlines.model.index(0, DeadlineColumn.DAYS).data() == "685 days overdue"
    assert deadlines.model.index(0, DeadlineColumn.CLIENT).data().startswith("Luis")
    pedro = next(n for n, d in enumerate(rows) if d.uncertain)
    assert deadlines.model.index(pedro, DeadlineColumn.BASIS).data().startswith(
        "earliest possible: last arrival 2024-12-26..2025-01-31 (latest 2026-01-31)")
    assert "today is 2026-07-01" in deadlines.view.status.text()


def test_filters_show_overdue_or_the_next_days(deadlines: DeadlinesPage) -> None:
    buttons = deadlines.view.filter_buttons
    overdue_count = int(buttons["overdue"].text().rsplit("(", 1)[1].rstrip(")"))
    deadlines.set_filter("overdue")
    assert deadlines.model.rowCount() == overdue_count > 0
    assert all(d.due < date(2026, 7, 1) for d in deadlines.model.rows())
    deadlines.set_filter("90")
    assert all(0 <= d.days_left(date(2026, 7, 1)) <= 90 for d in deadlines.model.rows())
    assert buttons["90"].text().endswith(f"({deadlines.model.rowCount()})")
    assert any(d.kind is DeadlineKind.HEARING for d in deadlines.model.rows())  # Jorge, 08-20
    deadlines.set_filter("7")
    assert all(date(2026, 7, 1) <= d.due < date(2026, 7, 9) for d in deadlines.model.rows())
    deadlines.set_filter("all")
    assert buttons["all"].text() == f"&All open ({deadlines.model.rowCount()})"


def test_export_writes_an_ics_with_one_event_per_deadline(qtbot, deadlines: DeadlinesPage,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    deadlines.set_filter("overdue")  # the file holds every open deadline all the same
    with qtbot.waitSignal(deadlines.exported):
        deadlines.export_to(target)
    assert "names no client" in deadlines.view.status.text()
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    deadlines.set_filter("all")
    assert len(events) == deadlines.model.rowCount()
    assert not any("Luis" in str(e["SUMMARY"]) for e in events)


def test_enter_on_a_deadline_opens_its_client(qtbot, deadlines: DeadlinesPage) -> None:
    index = deadlines.model.index(0, 0)
    with qtbot.waitSignal(deadlines.client_activated) as blocker:
        deadlines.view.table.activated.emit(index)
    assert blocker.args == [index.data(DTO_ROLE).client_id]


def test_policies_show_each_flag_its_sources_and_whom_it_flags(
        qtbot, qtmodeltester, store: CaseworkStore, runner: TaskRunner) -> None:
    page = PoliciesPage(store.policies, runner)
    qtbot.addWidget(page.view)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    qtmodeltester.check(page.model)
    assert "us-border-asylum 2026.06.25" in page.pack_label.text()
    assert "2026-07-01" in page.pack_label.text()
    flags = page.model.policy_flags()
    assert len(flags) == 15 and flags[0].id == "MPP-2025"
    assert page.detail.title.text() == "Returned to Mexico under the 2025 MPP"
    qtmodeltester.check(page.detail.timeline_model)
    assert page.detail.timeline_model.rowCount() >= 5
    assert "dhs.gov/news/2025/01/21" in page.detail.sources.text()
    page.select("CLP-2023")
    assert page.detail.title.text().startswith("Entry in the Circumvention")
    qtmodeltester.check(page.detail.clients_model)
    count = page.detail.clients_model.rowCount()
    assert count >= 5 and page.detail.clients_heading.text().endswith(f": {count}")
    first = page.detail.clients_model.index(0)
    client = first.data(POLICY_DTO)
    assert isinstance(client, FlaggedClient)
    with qtbot.waitSignal(page.client_activated) as blocker:
        page.detail.clients.activated.emit(first)
    assert blocker.args == [client.client_id]


class _Session:
    """Only what the main window reads of a session: who is signed in."""

    def __init__(self, role: Role) -> None:
        self.actor = Actor("u1", "someone", role, "Someone")


@pytest.mark.parametrize(("role", "pages"), [
    (Role.ATTORNEY, ["clients", "review", "deadlines", "policies"]),
    (Role.PARALEGAL, ["clients", "deadlines", "policies"]),
    (Role.MANAGER, ["clients", "deadlines", "policies"]),
])
def test_the_rail_shows_pages_by_role(qtbot, store: CaseworkStore, role: Role,
                                      pages: list[str]) -> None:
    services = fake_services()
    services.reviews, services.deadlines = store.reviews, store.deadlines
    services.policies = store.policies
    services.session = _Session(role)  # type: ignore[assignment]
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert [p for p in window._page_ids if p in [*pages, "reports", "audit"]] == pages
    assert window.casework.deadlines is not None
    assert window.casework.deadlines.view.recompute_button.isVisibleTo(window.casework.deadlines
                                                                       .view) == (
        role is not Role.MANAGER)
    if role is Role.ATTORNEY:
        assert window.casework.review is not None
        with qtbot.waitSignal(window.casework.review.loaded):
            window.show_page("review")
    window.close()
