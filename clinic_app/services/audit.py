"""Reading and verifying the audit trail (admins)."""

from __future__ import annotations

from clinic_app.audit_log import AuditAction, AuditEntry, AuditQuery, ChainVerdict
from clinic_app.ports import AdminUnitOfWorkFactory
from clinic_app.security import Actor, Permission, require


class AuditService:
    def __init__(self, uow_factory: AdminUnitOfWorkFactory, *, actor: Actor) -> None:
        self._uow = uow_factory
        self.actor = actor

    def audit_events(self, query: AuditQuery) -> list[AuditEntry]:
        """Events matching the filters, newest first."""
        require(self.actor, Permission.AUDIT_VIEW)
        with self._uow() as uow:
            return uow.audit_log.events(query)

    def audit_usernames(self) -> list[str]:
        """Every username ever known (for the viewer's user filter)."""
        require(self.actor, Permission.AUDIT_VIEW)
        with self._uow() as uow:
            return [u.username for u in uow.users.all()]

    def audit_actions(self) -> list[str]:
        require(self.actor, Permission.AUDIT_VIEW)
        return sorted(a.value for a in AuditAction)

    def verify(self) -> ChainVerdict:
        """Check the whole chain; the check itself is then recorded (with its outcome)."""
        require(self.actor, Permission.AUDIT_VERIFY)
        with self._uow() as uow:
            verdict = uow.audit_log.verify()
        with self._uow() as uow:
            uow.audit.record(AuditAction.AUDIT_VERIFIED, entity="audit",
                             detail={"events": verdict.count, "broken_at": verdict.broken_at,
                                     "kind": verdict.kind.value if verdict.kind else None})
        return verdict
