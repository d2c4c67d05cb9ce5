"""Fixtures for the security tests: cheap Argon2id (entries keep their own parameters, so this
only makes the tests fast), a signed-in encrypted store, scenario documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.domain import IntakeDocument
from clinic_app.security import Credentials
from db import keyring
from db.access import OpenedStore, create

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
ADMIN = Credentials("admin", "correct horse battery")
FAST_KDF = keyring.KdfParams(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> keyring.KdfParams:
    monkeypatch.setattr(keyring, "DEFAULT_KDF", FAST_KDF)
    return FAST_KDF


def scenario(prefix: str) -> IntakeDocument:
    (path,) = SCENARIOS.glob(f"{prefix}-*.json")
    return IntakeDocument(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def opened(data_dir: Path) -> Iterator[OpenedStore]:
    """A new encrypted store with one admin, signed in as that admin."""
    store = create(data_dir=data_dir, clinic_name="Clínica Frontera", admin=ADMIN)
    try:
        yield store
    finally:
        store.close()
