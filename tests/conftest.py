"""Shared test set-up: Qt offscreen before any Qt import, scenario fixtures, a typing helper."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

REPO = Path(__file__).resolve().parent.parent
# The domain material (scenarios, flags.md) is vendored under tests/fixtures so a clean clone tests
# the same way on CI; CLINIC_DOMAIN_DIR points the suite at another copy (e.g. ../shared/domain).
DOMAIN = Path(os.environ.get("CLINIC_DOMAIN_DIR", REPO / "tests" / "fixtures" / "domain"))
SCENARIOS = DOMAIN / "scenarios"


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("s*.json"))


def expected_flags() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCENARIOS / "expected.json").read_text(encoding="utf-8"))
    return data


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL database URL: CLINIC_TEST_PG_URL, else a cluster started for this session.

    Skips only when no server is installed; CI installs apt `postgresql`, so there it runs.
    """
    configured = os.environ.get("CLINIC_TEST_PG_URL")
    if configured:
        yield configured
        return
    import importlib.util

    spec = importlib.util.spec_from_file_location("pg_server", Path(__file__).with_name(
        "pg_server.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bindir = module.server_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server installed (apt install postgresql)")
    cluster = module.ThrowawayCluster(bindir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """A URL on the session's PostgreSQL server, search_path a fresh schema dropped after."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        yield make_url(pg_url).update_query_dict(
            {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def pg_store(pg_schema_url: str) -> Iterator[Any]:
    """An open (not yet migrated) store in a fresh PostgreSQL schema."""
    from db.engine import open_store

    with open_store(pg_schema_url) as store:
        yield store
