"""Users on a PostgreSQL store: Argon2id hashes and the lockout in the users table, refusals in
the audit trail at once. On the session's PostgreSQL (`pg_url`: CLINIC_TEST_PG_URL, else a
throwaway cluster); each test works in a schema of its own."""

from __future__ import annotations

import pytest

from clinic_app.audit_log import AuditQuery
from clinic_app.domain import Role
from clinic_app.errors import AccountLocked, AuthenticationFailed
from clinic_app.security import Credentials
from clinic_app.services.users import UserService
from db.access import create, sign_in, store_exists
from db.records import UserRecord

from .conftest import ADMIN

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def url(pg_schema_url: str) -> str:
    return pg_schema_url


def test_set_up_sign_in_and_hashes_in_the_table(url: str) -> None:
    assert not store_exists(url)
    opened = create(url, clinic_name="Clínica", admin=ADMIN)
    assert opened.actor.role is Role.ADMIN and not opened.store.encrypted
    with opened.store.uow() as uow:
        record = uow.session.query(UserRecord).one()
        assert record.password_hash.startswith("$argon2id$")
        assert ADMIN.password not in record.password_hash
    opened.close()
    assert store_exists(url)
    again = sign_in(url, credentials=Credentials("Admin", ADMIN.password))
    assert again.actor.username == "admin"
    again.close()


def test_wrong_passwords_lock_the_account_and_are_audited_at_once(url: str) -> None:
    opened = create(url, clinic_name="Clínica", admin=ADMIN)
    users = UserService(lambda: opened.store.uow(user_id=opened.actor.user_id),
                        opened.authenticator, actor=opened.actor)
    users.add_user("paula", Role.PARALEGAL, "paralegal password")
    with pytest.raises(AuthenticationFailed) as unknown:
        sign_in(url, credentials=Credentials("nobody", "x"))
    errors = []
    for _ in range(5):
        with pytest.raises(AuthenticationFailed) as raised:
            sign_in(url, credentials=Credentials("paula", "guess"))
        errors.append(raised.value)
    assert str(errors[0]) == str(unknown.value) == "wrong username or password"
    assert isinstance(errors[-1], AccountLocked) and "1 minute" in str(errors[-1])
    with pytest.raises(AccountLocked):
        sign_in(url, credentials=Credentials("paula", "paralegal password"))
    with opened.store.uow() as uow:
        failed = [e for e in uow.audit_log.events(AuditQuery(action="login.failed"))]
    assert len(failed) == 7 and {e.detail["reason"] for e in failed} == {
        "unknown user", "wrong password", "locked"}
    [paula] = [u for u in users.list_users() if u.username == "paula"]
    assert paula.lockout.failures == 5
    users.reset_password("paula", "a new password")
    signed = sign_in(url, credentials=Credentials("paula", "a new password"))
    assert signed.actor.role is Role.PARALEGAL
    signed.close()
    users.remove_user("paula")
    with pytest.raises(AuthenticationFailed):
        sign_in(url, credentials=Credentials("paula", "a new password"))
    with opened.store.uow() as uow:
        assert uow.audit_log.verify().intact
    opened.close()
