"""The shipped rule pack (content, sources, timeline) and the loader's refusals, each naming the
file, line and column of the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinic_app.domain import FlagLevel
from clinic_app.errors import RulePackError
from clinic_app.screening.model import RulePack
from forms.rule_pack_loader import default_pack_path, load_rule_pack, parse_rule_pack

FLAGS_MD = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "flags.md"
TEXT = default_pack_path().read_text(encoding="utf-8")
CATALOGUE = ["MPP-2025", "MPP-PRIOR", "PROC-10888", "CBP1-ENTRY", "CBP1-CANCELLED",
             "CBP1-PAROLE-TERM", "AOL-METERING", "TCT-2019", "CLP-2023", "STB-2024", "ONE-YEAR",
             "CONFIDENTIALITY", "BOUNDARY-DATE", "DATE-UNCERTAIN", "UAC-STATUS"]


def flags_md() -> dict[str, tuple[str, list[str]]]:
    text = FLAGS_MD.read_text(encoding="utf-8")
    out = {}
    for block in re.split(r"\n### 4\.\d+ ", text)[1:]:
        flag_id = block.split("`")[1]
        policy = re.search(r"\*\*Policy:\*\* `([^`]+)`", block)
        sources = block.split("**Sources:**", 1)[1].split("\n\n", 1)[0]
        out[flag_id] = (policy.group(1) if policy else "",
                        re.findall(r"https?://[^\s·]+", sources))
    return out


def position(needle: str, text: str = TEXT, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of `needle` (+ offset characters) in `text`."""
    at = text.index(needle) + offset
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def refused(text: str) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        parse_rule_pack(text, "pack.yaml")
    assert info.value.file == "pack.yaml"
    return info.value


def test_shipped_pack_identity() -> None:
    pack = load_rule_pack(default_pack_path())
    assert isinstance(pack, RulePack)
    assert (pack.id, pack.version, pack.reviewed, pack.sources_as_of) == (
        "us-border-asylum", "2026.06.25", "2026-07-01", "2026-06-25")
    assert [b.day.isoformat() for b in pack.boundaries] == [
        "2019-07-16", "2023-05-11", "2024-06-05", "2025-01-20", "2025-05-11"]
    assert pack.preamble.en == "May apply — attorney to review."


def test_shipped_pack_follows_flags_md() -> None:
    pack = load_rule_pack(default_pack_path())
    assert [f.id for f in pack.flags] == CATALOGUE
    catalogue = flags_md()
    for rule in pack.flags:
        policy, urls = catalogue[rule.id]
        assert rule.policy == policy
        assert rule.title.en and rule.title.es and rule.title.en != rule.title.es
        assert rule.triggers and all(isinstance(t.level, FlagLevel) for t in rule.triggers)
        assert all(c.supports for c in rule.citations)
        if rule.id in ("BOUNDARY-DATE", "DATE-UNCERTAIN"):
            assert rule.cite_boundaries   # sources come from the boundary hit
        else:
            assert [c.url for c in rule.citations] == urls, rule.id
            assert rule.timeline, f"{rule.id} needs its legal-status timeline"
        for entry in rule.timeline:
            assert re.fullmatch(r"(P|S1|S2|U)(/(P|S1|S2|U))*", entry.confidence)
            assert re.match(r"\d{4}", entry.date) and entry.event
        for part in rule.reason:
            assert part.text.en and part.text.es


def test_default_path_is_inside_forms() -> None:
    assert default_pack_path().name == "us-border-asylum.yaml"
    assert default_pack_path().parent.name == "rule_packs"


def test_yaml_syntax_error_names_line_and_column() -> None:
    broken = TEXT.replace('version: "2026.06.25"', 'version: "2026.06.25', 1)
    error = refused(broken)
    assert error.line is not None and error.column is not None
    assert "YAML error" in str(error) and str(error).startswith("pack.yaml:")


def test_missing_key() -> None:
    broken = TEXT.replace('    policy: "MPP (Remain in Mexico), reinstated 2025"\n', "", 1)
    error = refused(broken)
    assert "missing key 'policy'" in str(error)
    assert (error.line, error.column) == position("id: MPP-2025", broken)


def test_unknown_key() -> None:
    broken = TEXT.replace("  - id: MPP-PRIOR\n", "  - id: MPP-PRIOR\n    colour: red\n", 1)
    error = refused(broken)
    assert "unknown key 'colour'" in str(error)
    assert (error.line, error.column) == position("colour: red", broken)


def test_bad_level() -> None:
    broken = TEXT.replace("      - level: urgent\n", "      - level: critical\n", 1)
    error = refused(broken)
    assert "level must be urgent, review or check" in str(error)
    assert (error.line, error.column) == position("critical", broken)


def test_cel_syntax_error_points_into_the_expression() -> None:
    old = 'when: decisions.filter(x, "proclamation_10888" in decisions[x].grounds)'
    new = 'when: decisions.filter(x, "proclamation_10888" in decisions[x].grounds &&)'
    broken = TEXT.replace(old, new, 1)
    error = refused(broken)
    assert "CEL syntax error" in str(error)
    assert (error.line, error.column) == position("&&)", broken, 2)


def test_cel_error_in_a_literal_block_keeps_line_and_column() -> None:
    old = '            && entries[e].place == "between_ports" && dates[e].last >= d("2025-01-20"))'
    new = '            && entries[e].place == "between_ports" && dates[e].last >= ))'
    assert old in TEXT
    broken = TEXT.replace(old, new, 1)
    error = refused(broken)
    assert (error.line, error.column) == position(">= ))", broken, 3)


def test_unknown_cel_variable() -> None:
    broken = TEXT.replace("when: paroles.size() == 0", "when: parolez.size() == 0", 1)
    error = refused(broken)
    assert "unknown CEL variable 'parolez'" in str(error)
    assert (error.line, error.column) == position("parolez", broken)


def test_unknown_cel_function() -> None:
    broken = TEXT.replace("when: paroles.size() == 0", "when: count(paroles) == 0", 1)
    error = refused(broken)
    assert "unknown CEL function 'count'" in str(error)
    assert (error.line, error.column) == position("count(", broken)


def test_unknown_field() -> None:
    broken = TEXT.replace('paroles[p].program == "cbp_one"', 'paroles[p].programme == "cbp_one"', 1)
    error = refused(broken)
    assert "unknown field '.programme'" in str(error)
    assert (error.line, error.column) == position("programme", broken)


def test_bad_date_literal() -> None:
    broken = TEXT.replace('d("2025-01-21")', 'd("2025-01-32")', 1)
    error = refused(broken)
    assert "YYYY-MM-DD" in str(error)
    assert (error.line, error.column) == position('"2025-01-32"', broken)


def test_wrong_result_type() -> None:
    broken = TEXT.replace("when: paroles.size() == 0", "when: paroles.size()", 1)
    assert "must return true/false" in str(refused(broken))
    trigger = TEXT.replace("when: entries.filter(e, entries[e].cbp_one)\n",
                           "when: entries.size() > 0\n", 1)
    assert "list of fact paths" in str(refused(trigger))


def test_unknown_placeholder_and_duplicate_id() -> None:
    broken = TEXT.replace("Next hearing on or after ${as_of}", "Next hearing after ${asof}", 1)
    error = refused(broken)
    assert "unknown placeholder ${asof}" in str(error)
    assert error.line == position("Next hearing after", broken)[0]
    dup = TEXT.replace("  - id: MPP-PRIOR\n", "  - id: MPP-2025\n", 1)
    assert "repeated" in str(refused(dup))


def test_preamble_must_say_may_apply() -> None:
    broken = TEXT.replace('en: "May apply — attorney to review."', 'en: "Applies."', 1)
    assert "may apply — attorney to review" in str(refused(broken))


def test_file_errors(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes(TEXT.replace("—", "-").encode("utf-8") + "\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(RulePackError, match="UTF-8"):
        load_rule_pack(latin)
    with pytest.raises(RulePackError, match="cannot read"):
        load_rule_pack(tmp_path / "missing.yaml")
    good = tmp_path / "pack.yaml"
    good.write_text(TEXT, encoding="utf-8")
    assert load_rule_pack(good).id == "us-border-asylum"
