"""Scenario fixtures, output conventions (flags.md 1) and the worked example of flags.md 5."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from clinic_app.domain import MAY_APPLY, FlagLevel, IntakeDocument, ScreeningResult
from clinic_app.screening.engine import ScreeningEngine
from forms.rule_pack_loader import default_pack_path, load_rule_pack

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
FLAGS_MD = SCENARIOS.parent / "flags.md"
EXPECTED: dict[str, Any] = json.loads((SCENARIOS / "expected.json").read_text(encoding="utf-8"))
CATALOGUE = ["MPP-2025", "MPP-PRIOR", "PROC-10888", "CBP1-ENTRY", "CBP1-CANCELLED",
             "CBP1-PAROLE-TERM", "AOL-METERING", "TCT-2019", "CLP-2023", "STB-2024", "ONE-YEAR",
             "CONFIDENTIALITY", "BOUNDARY-DATE", "DATE-UNCERTAIN", "UAC-STATUS"]


@lru_cache(maxsize=1)
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def screen(name: str, lang: str = "en") -> ScreeningResult:
    doc = IntakeDocument(json.loads((SCENARIOS / name).read_text(encoding="utf-8")))
    return engine().screen(doc, as_of=date.fromisoformat(EXPECTED[name]["as_of"]), lang=lang)


def catalogue_from_flags_md() -> dict[str, tuple[str, list[str]]]:
    """Flag id -> (policy string, source URLs in order), read from flags.md section 4."""
    text = FLAGS_MD.read_text(encoding="utf-8")
    out = {}
    for block in re.split(r"\n### 4\.\d+ ", text)[1:]:
        flag_id = block.split("`")[1]
        policy = re.search(r"\*\*Policy:\*\* `([^`]+)`", block)
        sources = block.split("**Sources:**", 1)[1].split("\n\n", 1)[0] \
            if "**Sources:**" in block else ""
        urls = re.findall(r"https?://[^\s·]+", sources)
        out[flag_id] = (policy.group(1) if policy else "", urls)
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_yields_expected_flags(name: str) -> None:
    result = screen(name)
    raised = {f.id for f in result.flags}
    expected, forbidden = set(EXPECTED[name]["flags"]), set(EXPECTED[name]["not_flags"])
    assert expected <= raised, f"missing {expected - raised}"
    assert not raised & forbidden, f"wrongly raised {raised & forbidden}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_output_conventions(name: str) -> None:
    result = screen(name)
    ids = [f.id for f in result.flags]
    assert len(ids) == len(set(ids)), "one flag per ID"
    assert sorted(ids + list(result.not_applicable), key=CATALOGUE.index) == CATALOGUE
    assert ids == sorted(ids, key=CATALOGUE.index), "catalogue order"
    catalogue = catalogue_from_flags_md()
    for flag in result.flags:
        assert MAY_APPLY in flag.reason.lower()
        assert flag.policy == catalogue[flag.id][0]
        assert flag.facts, "every flag points at the facts that triggered it"
        assert all(re.fullmatch(r"events\[\d+\]|confidentiality_risks\[\d+\]|represented_by", p)
                   for p in flag.facts)
        for path in flag.facts:
            if path.startswith("events["):
                assert path in flag.reason, f"{flag.id} reason must name {path}"
        assert flag.sources and len(set(flag.sources)) == len(flag.sources)
        own = catalogue[flag.id][1]
        if flag.id not in ("BOUNDARY-DATE", "DATE-UNCERTAIN"):   # sources depend on the boundary
            assert list(flag.sources[: len(own)]) == own, f"{flag.id} sources in flags.md order"
    json.dumps(result.to_json())


def test_pack_identity_in_result() -> None:
    result = screen("s08-mehmet-turkiye.json")
    assert result.rule_pack.to_json() == {"id": "us-border-asylum", "version": "2026.06.25",
                                          "reviewed": "2026-07-01"}
    assert result.rule_pack.sources_as_of == "2026-06-25"
    assert engine().pack_info == result.rule_pack


def test_worked_example_of_flags_md_section_5() -> None:
    result = screen("s08-mehmet-turkiye.json")
    assert result.as_of == date(2026, 7, 1)
    by_id = {f.id: f for f in result.flags}
    assert set(by_id) == {"CLP-2023", "BOUNDARY-DATE"}
    assert list(result.not_applicable) == [
        "MPP-2025", "MPP-PRIOR", "PROC-10888", "CBP1-ENTRY", "CBP1-CANCELLED", "CBP1-PAROLE-TERM",
        "AOL-METERING", "TCT-2019", "STB-2024", "ONE-YEAR", "CONFIDENTIALITY", "DATE-UNCERTAIN",
        "UAC-STATUS"]
    clp, boundary = by_id["CLP-2023"], by_id["BOUNDARY-DATE"]
    assert clp.level is FlagLevel.REVIEW and boundary.level is FlagLevel.REVIEW
    assert clp.facts == ("events[0]",) and boundary.facts == ("events[0]",)
    assert clp.reason.startswith("May apply — attorney to review.")
    for words in ("between ports", "2023-05-11", "21:00 PDT", "00:00 EDT on 2023-05-12",
                  "2023-05-11 – 2025-05-11", "MX", "without a CBP One appointment",
                  "88 FR 31314", "11:59 p.m. EDT", "rebuttable presumption"):
        assert words in clp.reason
    for words in ("2023-05-11", "Title 42 ended at 11:59 p.m. EDT", "21:00 PDT",
                  "00:00 EDT on 2023-05-12", "I-213"):
        assert words in boundary.reason
    clp_rule = "https://regulations.justia.com/regulations/fedreg/2023/05/16/2023-10146.html"
    assert clp.sources[0] == clp_rule
    assert clp_rule in boundary.sources   # the CLP window starts on the boundary
    assert result.to_json()["flags"][0]["policy"] == \
        "Circumvention of Lawful Pathways rule (8 CFR 208.33)"


def test_spanish_output_has_spanish_reasons() -> None:
    en, es = screen("s05-jorge-nicaragua.json"), screen("s05-jorge-nicaragua.json", lang="es")
    assert [f.id for f in en.flags] == [f.id for f in es.flags]
    for flag_en, flag_es in zip(en.flags, es.flags, strict=True):
        assert flag_es.reason.startswith("Puede aplicar — revisión del abogado.")
        assert flag_es.reason != flag_en.reason and flag_es.title != flag_en.title
        assert flag_es.policy == flag_en.policy and flag_es.facts == flag_en.facts
        assert flag_es.sources == flag_en.sources
    mpp = next(f for f in es.flags if f.id == "MPP-2025")
    assert "Devolución bajo MPP" in mpp.reason and "Matamoros" in mpp.reason
    assert "evaluación de miedo a México" in mpp.reason


def test_as_of_defaults_to_intake_date() -> None:
    doc = IntakeDocument(json.loads((SCENARIOS / "s10-kevin-guatemala.json").read_text("utf-8")))
    assert engine().screen(doc).as_of == date(2026, 7, 1)
    no_date = IntakeDocument({k: v for k, v in doc.facts.items() if k != "intake_date"})
    assert engine().screen(no_date).as_of == date.today()


def test_screening_is_deterministic() -> None:
    first = screen("s01-ana-honduras.json").to_json()
    for _ in range(3):
        assert screen("s01-ana-honduras.json").to_json() == first
