"""Guardrails for the flat four-package layout (architecture.md): ownership and layer purity."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap

import pytest

PACKAGES = ("clinic_app", "ui", "db", "forms")


@pytest.mark.parametrize("package", PACKAGES)
def test_top_level_package_belongs_to_our_distribution_only(package: str) -> None:
    owners = importlib.metadata.packages_distributions().get(package, [])
    assert set(owners) == {"clinic-intake"}, f"{package} is also shipped by {owners}"


def test_core_and_adapters_load_without_qt() -> None:
    code = textwrap.dedent("""
        import sys
        import clinic_app, clinic_app.cli, clinic_app.services.intakes, clinic_app.intake_format
        import clinic_app.screening.engine
        import db.engine, db.repositories, db.migrate
        import forms.rule_pack_loader
        loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')
        print(','.join(loaded))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"PySide6 modules loaded: {out.stdout}"


def test_core_loads_without_frameworks() -> None:
    code = textwrap.dedent("""
        import sys
        import clinic_app.cli, clinic_app.services.intakes, clinic_app.screening.engine
        heavy = ('PySide6', 'sqlalchemy', 'alembic', 'reportlab', 'yaml')
        print(','.join(sorted({m.split('.')[0] for m in sys.modules} & set(heavy))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
