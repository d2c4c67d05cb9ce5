"""The client list's use cases: search as you type, filters, sort, one page at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from clinic_app.ports import ClientIndex
from clinic_app.search import ClientPage, ClientQuery
from clinic_app.security import Actor, Permission, require


class ClientDirectory:
    """Finds clients for the GUI's list and `clinic-intake search` alike (same index, same rules).

    Reads are not audited one by one: a list row names a client but opens no intake; opening
    one is audited by the intake service.
    """

    def __init__(self, index: ClientIndex, *, actor: Actor,
                 today: Callable[[], date] = date.today) -> None:
        self._index = index
        self._today = today
        self.actor = actor

    def search_clients(self, query: ClientQuery) -> ClientPage:
        """Rows `query.offset ...` of the clients matching `query`, and how many match."""
        require(self.actor, Permission.CLIENT_LIST)
        return self._index.search(query, today=self._today())

    def count_clients(self, query: ClientQuery | None = None) -> int:
        """How many clients match `query` (every client without one)."""
        require(self.actor, Permission.CLIENT_LIST)
        return self._index.count(query or ClientQuery(), today=self._today())
