"""The Review, Deadlines and Policies pages, made by role and slotted into the main window.

Kept out of main_window.py so the frame stays a frame: it calls `add_to(window, ...)` where the
screen map wants each page. A page loads when it is first shown and again each time it is
shown, so an attorney switching back sees decisions and deadlines as stored now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QListWidget, QWidget

from clinic_app.security import Permission
from clinic_app.services import AppServices
from ui.deadlines.page import DeadlinesPage
from ui.policies.page import PoliciesPage
from ui.review.page import ReviewPage
from ui.workers import TaskRunner


class PageHost(Protocol):
    """What the pages need from the main window."""

    rail: QListWidget

    def add_page(self, page_id: str, title: str | Callable[[], str], widget: QWidget) -> None: ...

    def current_page_id(self) -> str: ...


class CaseworkPages(QObject):
    """Signals:
        client_activated(str): a page asked to open a client (the window opens its intake).
    """

    client_activated = Signal(str)

    def __init__(self, services: AppServices, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        actor = services.session.actor if services.session is not None else None

        def may(permission: Permission) -> bool:
            return actor is None or actor.can(permission)  # no session: widget tests

        # One clock for every page: the deadline service's "today" (a test's fixed day too).
        today = services.deadlines.today if services.deadlines is not None else date.today
        self.review = (ReviewPage(services.reviews, runner, checklist=services.checklist,
                                  today=today, parent=self)
                       if services.reviews is not None and may(Permission.REVIEW_RECORD)
                       else None)
        self.deadlines = (DeadlinesPage(services.deadlines, runner,
                                        can_recompute=may(Permission.INTAKE_EDIT), parent=self)
                          if services.deadlines is not None and may(Permission.CLIENT_LIST)
                          else None)
        self.policies = (PoliciesPage(services.policies, runner, self)
                         if services.policies is not None and may(Permission.CLIENT_LIST)
                         else None)
        for page in (self.deadlines, self.policies):
            if page is not None:
                page.client_activated.connect(self.client_activated)
        self._loaders: dict[str, Callable[[], None]] = {}
        self._watching = False

    def add_to(self, window: PageHost, *page_ids: str) -> None:
        """Add the pages named (those this user may see) to the window's rail, in order."""
        titles = {"review": lambda: self.tr("Review"), "deadlines": lambda: self.tr("Deadlines"),
                  "policies": lambda: self.tr("Policies")}
        pages = {"review": self.review, "deadlines": self.deadlines, "policies": self.policies}
        for page_id in page_ids:
            page = pages[page_id]
            if page is None:
                continue
            window.add_page(page_id, titles[page_id], page.view)
            self._loaders[page_id] = page.refresh
        if not self._watching:
            window.rail.currentRowChanged.connect(lambda _row: self._shown(window))
            self._watching = True

    def _shown(self, window: PageHost) -> None:
        load = self._loaders.get(window.current_page_id())
        if load is not None:
            load()
