"""The Spanish catalogue is complete and compiled: every ui string translated, the .qm current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "translations.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def translations() -> ModuleType:
    return _script()


@pytest.fixture(scope="module", params=["es_US"])
def catalogue(request: pytest.FixtureRequest, translations: ModuleType) -> object:
    return translations.Catalogue(request.param)


def test_every_message_of_the_catalogue_is_translated(translations, catalogue):
    assert translations.unfinished(catalogue.ts) == []


def test_the_compiled_catalogue_is_what_lrelease_makes_of_the_source(translations, catalogue):
    problems = [p for p in translations.check(catalogue) if "lrelease" in p or "missing" in p]
    assert problems == [], "run: python scripts/translations.py"


def test_every_string_of_the_ui_is_in_the_catalogue(translations, catalogue):
    """A new self.tr() string fails here until `python scripts/translations.py` has added it
    to the .ts and someone has translated it."""
    problems = [p for p in translations.check(catalogue)
                if p.startswith(("not in", "no longer"))]
    assert problems == []


def test_placeholders_survive_translation(translations, catalogue):
    import re
    import xml.etree.ElementTree as ET

    placeholder = re.compile(r"\{[a-z_]*\}")
    wrong = []
    for message in ET.parse(catalogue.ts).getroot().iter("message"):
        source = message.findtext("source", "")
        target = message.findtext("translation", "")
        if sorted(placeholder.findall(source)) != sorted(placeholder.findall(target)):
            wrong.append(source)
    assert wrong == []
