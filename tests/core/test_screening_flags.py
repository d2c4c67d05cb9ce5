"""Per-flag firing rules, levels, reasons and data warnings of flags.md section 4."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from clinic_app.domain import Flag, FlagLevel, IntakeDocument, ScreeningResult
from clinic_app.screening.engine import ScreeningEngine
from forms.rule_pack_loader import default_pack_path, load_rule_pack

NOT_AMENABLE = "MPP return recorded for a person DHS guidance treats as not amenable — verify"


@lru_cache(maxsize=1)
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


def screen(*events: dict[str, Any], client: dict[str, Any] | None = None,
           as_of: date = date(2026, 7, 1), **top: Any) -> ScreeningResult:
    facts: dict[str, Any] = {
        "format": "clinic-intake/1",
        "client": client or {"date_of_birth": "1990-01-01", "nationalities": ["HN"]},
        "transit_countries": ["GT", "MX"], "events": list(events)}
    return engine().screen(IntakeDocument(facts | top), as_of=as_of)


def entry(day: str, **extra: Any) -> dict[str, Any]:
    return {"type": "entry", "date": day, "border": "southern_land", "place": "between_ports",
            "documents": "none", "cbp_one_appointment": False, "accompanied_by": "none"} | extra


def get(result: ScreeningResult, flag_id: str) -> Flag | None:
    return next((f for f in result.flags if f.id == flag_id), None)


def ids(result: ScreeningResult) -> set[str]:
    return {f.id for f in result.flags}


MPP_2025 = {"type": "mpp_return", "date": "2025-03-05", "city": "Matamoros",
            "court": "Harlingen Immigration Court"}


def test_mpp_2025_reason_and_facts() -> None:
    result = screen(entry("2025-03-05", place="port"), MPP_2025,
                    {"type": "hearing", "date": "2026-08-20", "court": "Harlingen"},
                    represented_by="ImmDef (Immigrant Defenders Law Center)",
                    fears_harm_in_mexico=True)
    flag = get(result, "MPP-2025")
    assert flag is not None and flag.level is FlagLevel.URGENT
    assert flag.facts == ("events[1]", "represented_by")
    for words in ("Matamoros", "Harlingen Immigration Court", "2026-08-20", "2025-07-18",
                  "except for ImmDef's clients", "coordinate with ImmDef",
                  "request a fear-of-Mexico", "2025-01-22", "unconfirmed"):
        assert words in flag.reason
    plain = get(screen(MPP_2025), "MPP-2025")
    assert plain is not None and plain.facts == ("events[0]",)
    assert "Ask whether the client fears" in plain.reason
    assert "coordinate with ImmDef" not in plain.reason


def test_mpp_2025_not_for_mexicans_or_designated_children_but_warned() -> None:
    mexican = screen(MPP_2025, client={"date_of_birth": "1990", "nationalities": ["GT", "MX"]})
    assert "MPP-2025" not in ids(mexican)
    assert any(NOT_AMENABLE in w for w in mexican.warnings)
    child = screen(entry("2025-03-01", designated_uac=True), MPP_2025,
                   client={"date_of_birth": "2010-01-01", "nationalities": ["HN"]})
    assert "MPP-2025" not in ids(child) and "UAC-STATUS" in ids(child)
    assert any(NOT_AMENABLE in w for w in child.warnings)


def test_undesignated_minor_marker_mentions_possible_uac() -> None:
    result = screen(entry("2025-03-01", accompanied_by="other_adult"), MPP_2025,
                    client={"date_of_birth": "2010-01-01", "nationalities": ["HN"]})
    flag = get(result, "MPP-2025")
    assert flag is not None and "possible unaccompanied child" in flag.reason


def test_entry_processing_is_an_mpp_marker_but_an_apprehension_is_not() -> None:
    marker = screen(entry("2019-10-01", processing=["nta", "mpp_return"]))
    assert "MPP-PRIOR" in ids(marker)
    not_marker = screen(entry("2025-03-01", apprehended=True, processing=["nta", "detained"]))
    assert not ids(not_marker) & {"MPP-2025", "MPP-PRIOR"}


def test_mpp_prior_outcome_and_wind_down_parole() -> None:
    result = screen({"type": "mpp_return", "date": "2019-08-15", "city": "Tijuana"},
                    {"type": "decision", "date": "2020-01-10", "stage": "immigration_judge",
                     "outcome": "in_absentia_order", "final": True},
                    {"type": "parole", "date": "2021-03-01", "program": "mpp_wind_down"})
    flag = get(result, "MPP-PRIOR")
    assert flag is not None and flag.level is FlagLevel.REVIEW
    for words in ("Tijuana", "motion to reopen", "kidnapping", "PM 25-05", "PM 21-26",
                  "CHIRLA v. Noem", "re-enroll", "certified 2023"):
        assert words in flag.reason
    assert "MPP-PRIOR" in ids(screen({"type": "parole", "date": "2021-03-01",
                                      "program": "mpp_wind_down"}))


def test_proclamation_triggers_and_exclusions() -> None:
    port = get(screen(entry("2025-03-01", place="port", port="Brownsville")), "PROC-10888")
    assert port is not None and port.level is FlagLevel.CHECK
    assert "secondary sources" in port.reason and "90 FR 8333" in port.reason
    between = get(screen(entry("2025-03-01")), "PROC-10888")
    assert between is not None and between.level is FlagLevel.REVIEW
    assert "RAICES v. Noem" in between.reason and "2026-04-24" in between.reason
    for excluded in (entry("2025-03-01", place="port", documents="visa"),
                     entry("2025-03-01", place="port", documents="travel_authorization"),
                     entry("2025-03-01", place="port", cbp_one_appointment=True),
                     entry("2025-03-01", border="coastal"), entry("2025-03-01", border="air"),
                     entry("2025-01-19")):
        assert "PROC-10888" not in ids(screen(excluded)), excluded
    removal = screen(entry("2019-05-01", processing=["proclamation_212f_removal"]))
    assert get(removal, "PROC-10888") is not None
    decision = screen({"type": "decision", "date": "2020", "stage": "credible_fear",
                       "outcome": "negative", "grounds": ["proclamation_10888"]})
    assert get(decision, "PROC-10888") is not None
    mexican_child = screen(entry("2025-03-01"), client={"date_of_birth": "2012",
                                                        "nationalities": ["MX"]})
    assert "PROC-10888" in ids(mexican_child)


def test_proclamation_later_departure_may_leave_the_class() -> None:
    flag = get(screen(entry("2025-03-01"), {"type": "departure", "date": "2025-04-01",
                                            "kind": "removed"}), "PROC-10888")
    assert flag is not None and "may be outside the class" in flag.reason


def test_cbp_one_flags() -> None:
    kept = screen({"type": "cbp_one_appointment", "date": "2024-03-18", "port": "San Ysidro",
                   "status": "kept"})
    assert "CBP1-ENTRY" in ids(kept)
    for status in ("cancelled", "missed"):
        assert "CBP1-ENTRY" not in ids(screen({"type": "cbp_one_appointment",
                                               "date": "2024-03-18", "status": status}))
    odd = get(screen(entry("2022-05-01", place="port", cbp_one_appointment=True)), "CBP1-ENTRY")
    assert odd is not None and "inconsistent with the program" in odd.reason
    cancelled = get(screen({"type": "cbp_one_appointment", "date": "2025-01-22",
                            "port": "Nogales", "status": "cancelled"}), "CBP1-CANCELLED")
    assert cancelled is not None and "existing appointments have been cancelled" in \
        cancelled.reason and "2025-02-06" in cancelled.reason and "Nogales" in cancelled.reason


def test_parole_termination() -> None:
    chnv = screen({"type": "parole", "date": "2023-05-01", "program": "chnv",
                   "termination_notice_date": "2025-04-11"})
    assert "CBP1-PAROLE-TERM" not in ids(chnv)
    other = screen({"type": "parole", "date": "2023-05-01", "program": "other",
                    "termination_notice_date": "2025-04-11"})
    assert "CBP1-PAROLE-TERM" in ids(other)
    assert "CBP1-PAROLE-TERM" not in ids(screen({"type": "parole", "date": "2023-05-01",
                                                 "program": "other"}))
    entry_only = get(screen(entry("2024-01-01", place="port", cbp_one_appointment=True,
                                  processing=["parole"])), "CBP1-PAROLE-TERM")
    assert entry_only is not None and "no notice recorded — ask" in entry_only.reason
    parole = get(screen({"type": "parole", "date": "2024-03-18", "program": "cbp_one",
                         "until": "2026-03-17"}), "CBP1-PAROLE-TERM")
    assert parole is not None and "expired as of 2026-07-01" in parole.reason
    assert "Sileiri Doe" in parole.reason and "2025-09-12" in parole.reason


def test_metering_class() -> None:
    tb = {"type": "turned_back", "date": "2019-06-20", "port": "San Ysidro", "waitlisted": True}
    assert "AOL-METERING" not in ids(screen(tb, client={"nationalities": ["MX"]}))
    flag = get(screen(tb), "AOL-METERING")
    assert flag is not None
    for words in ("(1) not Mexican", "(3) no southern land entry", "(4) no decision",
                  "(5) no final", "(6) ask", "Mullin v. Al Otro Lado", "no fee"):
        assert words in flag.reason


def test_transit_bar() -> None:
    claim = {"type": "asylum_filed", "date": "2019-10-01", "how": "filed"}
    assert "TCT-2019" in ids(screen(entry("2019-09-01"), claim))
    assert "TCT-2019" not in ids(screen(entry("2019-09-01"), claim, transit_countries=[]))
    assert "TCT-2019" not in ids(screen(entry("2019-09-01")))   # no claim recorded
    grant = {"type": "decision", "date": "2020-05-01", "stage": "immigration_judge",
             "outcome": "granted", "final": True}
    assert "TCT-2019" not in ids(screen(entry("2019-09-01"), claim, grant))
    fear = {"type": "decision", "date": "2019-09-15", "stage": "credible_fear",
            "outcome": "negative", "grounds": []}
    assert "TCT-2019" in ids(screen(entry("2019-09-01"), fear))
    # a claim after a *later* entry does not follow the in-window one
    assert "TCT-2019" not in ids(screen(entry("2019-09-01"), entry("2022-01-01"),
                                        {"type": "asylum_filed", "date": "2022-02-01"}))
    cited = get(screen({"type": "decision", "date": "2020-02-10", "stage": "bia",
                        "outcome": "denied", "grounds": ["transit_bar_2019"]}), "TCT-2019")
    assert cited is not None and cited.level is FlagLevel.REVIEW
    assert "84 FR 33829" in cited.reason and "CAIR Coalition" in cited.reason


def test_clp_levels_and_exceptions() -> None:
    plain = get(screen(entry("2024-01-10")), "CLP-2023")
    assert plain is not None and plain.level is FlagLevel.REVIEW
    assert "acute medical emergency" in plain.reason
    for extra, words in (({"cbp_one_appointment": True, "place": "port"}, "pre-scheduled"),
                         ({"documents": "travel_authorization"}, "parole process"),
                         ({"border": "coastal"}, "which coast")):
        flag = get(screen(entry("2024-01-10", **extra)), "CLP-2023")
        assert flag is not None and flag.level is FlagLevel.CHECK and words in flag.reason
    applied = get(screen(entry("2024-01-10"), applied_for_protection_in_transit_country=True),
                  "CLP-2023")
    assert applied is not None and applied.level is FlagLevel.CHECK
    for excluded in (entry("2024-01-10", documents="visa"), entry("2024-01-10", border="air"),
                     entry("2024-01-10", border="northern_land")):
        assert "CLP-2023" not in ids(screen(excluded))
    assert "CLP-2023" not in ids(screen(entry("2024-01-10"), transit_countries=[]))
    unknown = screen(entry("2024-01-10"), transit_countries=None)
    assert "CLP-2023" in ids(unknown)
    assert any("transit countries not recorded" in w for w in unknown.warnings)


def test_clp_names_household_members_travelling_with_the_client() -> None:
    flag = get(screen(entry("2024-01-10"), household=[
        {"relationship": "child", "given_names": "Luz", "family_names": "Rosales",
         "travelled_with_client": True}]), "CLP-2023")
    assert flag is not None and "Luz Rosales" in flag.reason


def test_stb() -> None:
    flag = get(screen(entry("2024-09-01")), "STB-2024")
    assert flag is not None and flag.level is FlagLevel.CHECK
    for words in ("emergency border circumstances", "four-hour", "89 FR 48710", "1:24-cv-01702",
                  "named plaintiffs"):
        assert words in flag.reason
    assert "STB-2024" not in ids(screen(entry("2024-09-01", cbp_one_appointment=True)))
    child = get(screen(entry("2024-09-01", designated_uac=True),
                       client={"date_of_birth": "2010", "nationalities": ["HN"]}), "STB-2024")
    assert child is not None and "unconfirmed" in child.reason
    decision = get(screen({"type": "decision", "date": "2024-09-10", "stage": "credible_fear",
                           "outcome": "negative", "grounds": ["stb_2024"]}), "STB-2024")
    assert decision is not None and decision.level is FlagLevel.REVIEW
    assert "Ask whether the client was removed" in decision.reason


def test_confidentiality() -> None:
    result = screen(confidentiality_risks=["media", "home_government_contact"])
    flag = get(result, "CONFIDENTIALITY")
    assert flag is not None and flag.level is FlagLevel.URGENT
    assert flag.facts == ("confidentiality_risks[0]", "confidentiality_risks[1]")
    for words in ("208.6", "written consent", "minimum necessary", "consulate",
                  "sur place", "publicity"):
        assert words in flag.reason
    review = get(screen(confidentiality_risks=["interpreter_conflict"]), "CONFIDENTIALITY")
    assert review is not None and review.level is FlagLevel.REVIEW
    assert "independent interpreter" in review.reason
    assert "CONFIDENTIALITY" not in ids(screen(confidentiality_risks=[],
                                               notes="wants to talk to the press"))


def test_uac_status() -> None:
    child = {"date_of_birth": "2008-11-12", "nationalities": ["GT"]}
    urgent = get(screen(entry("2025-02-20", designated_uac=True), client=child), "UAC-STATUS")
    assert urgent is not None and urgent.level is FlagLevel.URGENT
    for words in ("age 16", "2026-11-12", "USCIS", "not amenable to MPP", "unconfirmed"):
        assert words in urgent.reason
    filed = screen(entry("2025-02-20", designated_uac=True),
                   {"type": "asylum_filed", "date": "2025-06-01"}, client=child)
    review = get(filed, "UAC-STATUS")
    assert review is not None and review.level is FlagLevel.REVIEW
    undesignated = get(screen(entry("2025-02-20", accompanied_by="other_adult"), client=child),
                       "UAC-STATUS")
    assert undesignated is not None and "another adult" in undesignated.reason
    with_parent = screen(entry("2025-02-20", accompanied_by="parent"), client=child)
    assert "UAC-STATUS" not in ids(with_parent)
    assert "UAC-STATUS" not in ids(screen(entry("2025-02-20")))   # an adult at entry


def test_data_warnings() -> None:
    result = screen({"type": "entry", "date": "2025-13-01"}, client={"given_names": "X"})
    texts = " ".join(result.warnings)
    for words in ("events[0]", "not screened", "no entry event", "date of birth not recorded",
                  "nationality not recorded"):
        assert words in texts
