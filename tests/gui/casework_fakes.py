"""Review, deadline and policy services for GUI tests and screenshots, over an in-memory store.

The services are the real ones (their rules are what the pages show) on tests/core's
MemoryUnitOfWork, filled with scenario clients screened by the real rule pack as of a fixed day;
`FakeReviews` can be told to fail, like a store that went away.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from clinic_app.domain import Disposition, IntakeDocument, Role
from clinic_app.errors import ClinicError
from clinic_app.review import ReviewState
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor
from clinic_app.services.deadlines import DeadlineService
from clinic_app.services.intakes import IntakeService
from clinic_app.services.policies import PolicyService
from clinic_app.services.reviews import IntakeReview, ReviewQueueItem, ReviewService
from forms.rule_pack_loader import default_pack_path, load_rule_pack
from tests.core.memory_uow import MemoryData, MemoryUnitOfWork

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
TODAY = date(2026, 7, 1)
ATTORNEY = Actor("u-attorney", "alma", Role.ATTORNEY, "Alma Ruiz")
PARALEGAL = Actor("u-paralegal", "paula", Role.PARALEGAL, "Paula Soto")


@functools.cache
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


class FakeReviews:
    """ReviewQueries delegating to a real ReviewService; set `error` to make calls fail."""

    def __init__(self, service: ReviewService) -> None:
        self._service = service
        self.error: ClinicError | None = None
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def _check(self, name: str) -> None:
        with self._lock:
            self.calls.append(name)
            if self.error is not None:
                raise self.error

    def queue(self) -> list[ReviewQueueItem]:
        self._check("queue")
        return self._service.queue()

    def open_review(self, intake_id: str) -> IntakeReview:
        self._check("open_review")
        return self._service.open_review(intake_id)

    def review_for_intake(self, intake_id: str) -> ReviewState:
        self._check("review_for_intake")
        return self._service.review_for_intake(intake_id)

    def record(self, intake_id: str, flag_id: str, disposition: Disposition, note: str, *,
               basis: str | None = None) -> ReviewState:
        self._check("record")
        return self._service.record(intake_id, flag_id, disposition, note, basis=basis)

    def sign_off(self, intake_id: str, note: str = "") -> ReviewState:
        self._check("sign_off")
        return self._service.sign_off(intake_id, note)


class CaseworkStore:
    """Scenario clients in memory, and the services of the three pages over them."""

    def __init__(self, prefixes: tuple[str, ...] = ("s01", "s02", "s05", "s10", "s11", "s12",
                                                    "s16", "s18", "s21"),
                 *, actor: Actor = ATTORNEY) -> None:
        self.data = MemoryData(reviewer=actor.display_name)
        factory: Any = lambda: MemoryUnitOfWork(self.data)  # noqa: E731
        self.intakes = IntakeService(factory, engine(), actor=PARALEGAL, today=lambda: TODAY)
        self.service = ReviewService(factory, actor=actor, today=lambda: TODAY)
        self.reviews = FakeReviews(self.service)
        self.deadlines = DeadlineService(factory, actor=actor, today=lambda: TODAY,
                                         now=lambda: datetime(2026, 7, 1, 15, tzinfo=UTC))
        self.policies = PolicyService(factory, engine().pack, actor=actor)
        self.ids: dict[str, str] = {}
        for n, prefix in enumerate(prefixes, start=1):
            (path,) = SCENARIOS.glob(f"{prefix}-*.json")
            facts = json.loads(path.read_text(encoding="utf-8"))
            _, intake_id = self.intakes.import_document(IntakeDocument(facts))
            stored = self.data.intakes[intake_id]
            # Taken on different days of June, so the queue's "taken on" column means something.
            self.data.intakes[intake_id] = replace(
                stored, created_at=datetime(2026, 6, 30 - 3 * n % 29, 10, tzinfo=UTC))
            self.ids[prefix] = intake_id
