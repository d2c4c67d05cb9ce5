"""What every save or screening of an intake must bring up to date, in the same unit of work.

Called by the intake services after they store facts (and flags): the client's deadlines are
recomputed, and a screening that changed a decided flag writes its re-open. Whoever adds a new
way to save or re-screen an intake calls `intake_stored` too (the review state is derived, so a
forgotten call loses only the "what changed" line in the history, never a re-open).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinic_app.ports import UnitOfWork
from clinic_app.services.deadlines import store_deadlines
from clinic_app.services.reviews import reopen_changed


def intake_stored(uow: UnitOfWork, *, intake_id: str, client_id: str,
                  facts: Mapping[str, Any], screened: bool) -> None:
    """Deadlines always (a draft's dates count too); re-opens only after a screening, so a
    half-typed date in a draft does not write a re-open that the next keystroke undoes."""
    store_deadlines(uow, client_id, intake_id, facts)
    if screened:
        reopen_changed(uow, intake_id)
