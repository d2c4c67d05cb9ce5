"""Installing signed packs into a store: the pack in force changes only for a good, trusted,
newer pack; an installed pack is checked again when loaded, else the bundled pack is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import update

from clinic_app.__main__ import bundled_pack_text, load_store_screener, rule_pack_service
from clinic_app.audit_log import AuditQuery
from clinic_app.domain import Role
from clinic_app.errors import PermissionDenied
from clinic_app.rule_packs import TRUSTED_PACK_KEYS, PackProblem, PackRefused
from clinic_app.security import Actor
from clinic_app.services.rule_packs import RulePackService
from db.engine import Store, open_store
from db.migrate import ensure_schema
from db.records import RulePackRecord
from db.users import SqlUserRepository
from forms.pack_signing import generate_key, sign_pack, signature_path

TEXT = bundled_pack_text()[0]


class Clinic:
    def __init__(self, folder: Path) -> None:
        self.store: Store = open_store(data_dir=folder / "data")
        ensure_schema(self.store)
        with self.store.uow() as uow:
            user_id = SqlUserRepository(uow.session).add("admin", "Admin", Role.ADMIN)
        self.actor = Actor(user_id, "admin", Role.ADMIN)
        self.packs: RulePackService = rule_pack_service(self.store, self.actor)
        self.private, public, _ = generate_key(folder / "keys", "publisher")
        self.public_text = public.read_text(encoding="utf-8")
        self.folder = folder

    def pack(self, name: str, version: str, text: str = TEXT, sign: bool = True) -> Path:
        path = self.folder / name
        path.write_text(text.replace('version: "2026.06.25"', f'version: "{version}"', 1),
                        encoding="utf-8")
        if sign:
            sign_pack(path, self.private)
        return path

    def install(self, path: Path, **kwargs: Any) -> Any:
        sig = signature_path(path)
        return self.packs.install(path.read_bytes(),
                                  sig.read_text(encoding="utf-8") if sig.exists() else None,
                                  source=str(path), signature_source=str(sig), **kwargs)

    def in_force(self) -> str:
        return self.packs.in_force()[1].label


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Clinic]:
    c = Clinic(tmp_path)
    c.packs.trust(c.public_text, label="Border Pack Publishers")
    yield c
    c.store.close()


def test_a_good_pack_is_installed_and_used(clinic: Clinic) -> None:
    assert clinic.in_force() == "us-border-asylum 2026.06.25"   # the bundled pack
    clinic.install(clinic.pack("p.yaml", "2026.07.01"))
    verified, status = clinic.packs.in_force()
    assert verified is not None and status.source == "installed"
    assert status.label == "us-border-asylum 2026.07.01"
    (record,) = clinic.packs.installed()
    assert record.active and record.content == (clinic.folder / "p.yaml").read_text("utf-8")
    with clinic.store.uow() as uow:
        events = uow.audit_log.events(AuditQuery(action="rulepack."))
    assert [e.action for e in events] == ["rulepack.installed", "rulepack.key_trusted"]


@pytest.mark.parametrize("spoil", ["flip", "unsigned", "yaml", "cel", "untrusted"])
def test_a_bad_pack_is_refused_and_the_pack_in_force_stays(clinic: Clinic, spoil: str) -> None:
    clinic.install(clinic.pack("good.yaml", "2026.07.01"))
    text = TEXT
    if spoil == "yaml":
        text = TEXT.replace("id: us-border-asylum\n", "id: [us-border-asylum\n", 1)
    elif spoil == "cel":
        text = TEXT.replace("entries.filter(e, entries[e].cbp_one)",
                            "entries.filter(e, entries[e].cbp_one) +", 1)
    path = clinic.pack("bad.yaml", "2026.08.01", text, sign=spoil != "unsigned")
    if spoil == "flip":
        data = bytearray(path.read_bytes())
        data[-3] ^= 0x20
        path.write_bytes(bytes(data))
    if spoil == "untrusted":
        stranger, _, _ = generate_key(clinic.folder / "stranger", "x")
        sign_pack(path, stranger)
    with pytest.raises(PackRefused) as exc:
        clinic.install(path)
    expected = {"flip": PackProblem.CHANGED, "unsigned": PackProblem.UNSIGNED,
                "yaml": PackProblem.INVALID, "cel": PackProblem.INVALID,
                "untrusted": PackProblem.UNTRUSTED}[spoil]
    assert exc.value.problem is expected
    if spoil in ("yaml", "cel"):
        assert exc.value.line is not None and exc.value.column is not None
    assert clinic.in_force() == "us-border-asylum 2026.07.01"
    assert [p.version for p in clinic.packs.installed()] == ["2026.07.01"]


def test_an_older_pack_is_refused_unless_the_admin_says_so(clinic: Clinic) -> None:
    clinic.install(clinic.pack("new.yaml", "2026.07.01"))
    old = clinic.pack("old.yaml", "2026.06.30")
    with pytest.raises(PackRefused, match="older than the pack in force") as exc:
        clinic.install(old)
    assert exc.value.problem is PackProblem.DOWNGRADE
    assert clinic.in_force() == "us-border-asylum 2026.07.01"
    clinic.install(old, allow_downgrade=True)
    assert clinic.in_force() == "us-border-asylum 2026.06.30"
    with pytest.raises(PackRefused, match="older than the pack in force"):
        clinic.install(clinic.pack("older.yaml", "2026.06.01"))   # than the bundled one too


def test_a_changed_pack_must_carry_a_new_version(clinic: Clinic) -> None:
    clinic.install(clinic.pack("a.yaml", "2026.07.01"))
    again = clinic.pack("b.yaml", "2026.07.01", TEXT.replace("Check the exact date",
                                                             "Check the date", 1))
    with pytest.raises(PackRefused, match="must carry a new version") as exc:
        clinic.install(again)
    assert exc.value.problem is PackProblem.CONFLICT
    clinic.install(clinic.pack("a2.yaml", "2026.07.01"))   # the same pack again: fine


def test_only_admins_install_or_trust(clinic: Clinic) -> None:
    attorney = Actor(clinic.actor.user_id, "ana", Role.ATTORNEY)
    packs = rule_pack_service(clinic.store, attorney)
    path = clinic.pack("p.yaml", "2026.07.01")
    with pytest.raises(PermissionDenied):
        packs.install(path.read_bytes(), signature_path(path).read_text("utf-8"),
                      source=str(path))
    with pytest.raises(PermissionDenied):
        packs.trust(clinic.public_text, label="x")
    assert packs.verify(path.read_bytes(), signature_path(path).read_text("utf-8"),
                        source=str(path)).info.version == "2026.07.01"   # reading is open


def _opened(clinic: Clinic) -> Any:
    return cast(Any, SimpleNamespace(store=clinic.store, actor=clinic.actor))


def test_the_installed_pack_is_checked_again_when_loaded(
        clinic: Clinic, capsys: pytest.CaptureFixture[str]) -> None:
    clinic.install(clinic.pack("p.yaml", "2026.07.01"))
    engine, status, _ = load_store_screener(_opened(clinic))
    assert engine.pack_info.version == "2026.07.01" and not status.warning
    with clinic.store.engine.begin() as conn:   # someone edits the stored pack
        conn.execute(update(RulePackRecord).values(
            content=RulePackRecord.content + "\n# edited in the database\n"))
    engine, status, _ = load_store_screener(_opened(clinic))
    assert engine.pack_info.version == "2026.06.25"
    assert "was refused" in status.warning and "changed after it was signed" in status.warning
    assert "WARNING" in capsys.readouterr().err


def test_a_pack_whose_key_is_no_longer_trusted_is_not_used(clinic: Clinic) -> None:
    clinic.install(clinic.pack("p.yaml", "2026.07.01"))
    with clinic.store.uow() as uow:
        uow.settings.set(TRUSTED_PACK_KEYS, [])
    verified, status = clinic.packs.in_force()
    assert verified is None and status.source == "bundled"
    assert "does not trust" in status.warning


def test_trusting_the_same_key_again_relabels_it(clinic: Clinic) -> None:
    clinic.packs.trust(clinic.public_text, label="Publishers (new name)")
    (key,) = clinic.packs.trusted_keys()
    assert key.label == "Publishers (new name)"


