"""The Policies page's use cases: the installed pack as DTOs, and whom each flag reaches now."""

from __future__ import annotations

from clinic_app.policies import FlaggedClient, PackDescription, describe_pack
from clinic_app.ports import UnitOfWorkFactory
from clinic_app.screening.model import RulePack
from clinic_app.security import Actor, Permission, require


class PolicyService:
    """Reads the rule pack the screener uses (given by the composition root) and the flags
    stored on each client's newest intake. Listing clients needs the client-list permission."""

    def __init__(self, uow_factory: UnitOfWorkFactory, pack: RulePack | None, *,
                 actor: Actor) -> None:
        self._uow = uow_factory
        self._description = describe_pack(pack) if pack is not None else None
        self.actor = actor

    def describe_pack(self) -> PackDescription | None:
        """None when no rule pack is loaded (the page says so)."""
        require(self.actor, Permission.CLIENT_LIST)
        return self._description

    def flagged_clients(self) -> dict[str, list[FlaggedClient]]:
        """Flag id -> the clients whose newest intake raises it now, by name."""
        require(self.actor, Permission.CLIENT_LIST)
        out: dict[str, list[FlaggedClient]] = {}
        with self._uow() as uow:
            for stored in uow.intakes.iter_latest():
                for flag in stored.flags:
                    out.setdefault(flag.id, []).append(FlaggedClient(
                        stored.client_id, stored.document.display_name, stored.intake_id,
                        flag.level))
        for clients in out.values():
            clients.sort(key=lambda c: (-c.level.rank, c.client_name.casefold()))
        return out
