"""Shared test set-up: Qt offscreen before any Qt import, scenario fixtures, a typing helper."""

from __future__ import annotations

import json
import os
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
