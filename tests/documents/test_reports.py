"""Manager reports over the 12 scenario clients in a real store: the counts (computed here
independently from expected.json, the scenario files and the engine), the XLSX cells, the PDF,
de-identification in every format, and the identified export's permission and audit."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from clinic_app.audit_log import AuditQuery
from clinic_app.domain import Disposition, IntakeDocument, Role
from clinic_app.errors import PermissionDenied
from clinic_app.reports import (
    Period,
    Report,
    ReportFormat,
    ReportKind,
    ReportRequest,
    age_band,
)
from clinic_app.services.report_tables import nationality_label
from db.engine import Store

from .pdf_tools import norm, pdf_text, render_pages
from .report_store import EXPECTED, identities, reports_as, scenario_store, scenarios
from .summaries import engine


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with scenario_store(tmp_path_factory.mktemp("reports") / "data") as (opened, _admin):
        yield opened


def counts(report: Report, key: str, column: int = 1) -> dict[str, int]:
    return {str(row[0]): int(row[column]) for row in report.table(key).rows}


def test_caseload_counts_match_the_scenarios(store: Store) -> None:
    report = reports_as(store, Role.MANAGER).build(ReportRequest(ReportKind.CASELOAD))
    flags = Counter(f for s in scenarios() for f in EXPECTED[s.name]["flags"])
    assert counts(report, "by_flag", column=2) == dict(flags)
    policies: Counter[str] = Counter()
    levels: Counter[tuple[str, str]] = Counter()
    for s in scenarios():
        result = engine().screen(IntakeDocument(s.facts))
        policies.update({f.policy for f in result.flags})
        levels.update((f.id, f.level.value) for f in result.flags)
    assert counts(report, "by_policy") == dict(policies)
    by_flag = {row[0]: row for row in report.table("by_flag").rows}
    for (flag_id, level), n in levels.items():
        assert by_flag[flag_id][3 + ["urgent", "review", "check"].index(level)] == n
    assert counts(report, "by_month") == dict(Counter(s.facts["intake_date"][:7]
                                                       for s in scenarios()))
    assert counts(report, "by_nationality") == dict(Counter(
        nationality_label(s.client["nationalities"][0]) for s in scenarios()))
    no_flags = sum(1 for s in scenarios() if not EXPECTED[s.name]["flags"])
    assert counts(report, "by_review_status") == {"no flags": no_flags,
                                                  "not reviewed": len(scenarios()) - no_flags}
    assert counts(report, "by_age_band") == dict(Counter(
        age_band(s.client.get("date_of_birth"), date.fromisoformat(s.facts["intake_date"]))
        for s in scenarios()))
    assert "12 client(s)" in report.notes[0]


def test_small_counts_are_kept_and_marked(store: Store) -> None:
    report = reports_as(store, Role.MANAGER).build(ReportRequest(ReportKind.CASELOAD))
    for row in report.table("by_nationality").rows:
        assert isinstance(row[1], int)
        assert row[2] == ("*" if row[1] < 5 else "")


def test_the_period_selects_intakes_by_their_date(store: Store) -> None:
    service = reports_as(store, Role.MANAGER)
    inside = service.build(ReportRequest(ReportKind.CASELOAD, Period(None, None)))
    before = service.build(ReportRequest(ReportKind.CASELOAD, Period(None, date(2026, 6, 30))))
    assert "12 client(s)" in inside.notes[0] and "0 client(s)" in before.notes[0]
    assert before.table("by_flag").rows == ()


def test_the_xlsx_opens_with_the_counted_cells(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "caseload.xlsx"
    reports_as(store, Role.MANAGER).export(ReportRequest(ReportKind.CASELOAD),
                                           ReportFormat.XLSX, path)
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book["By flag"]
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] and str(rows[1][0]).startswith("De-identified")
    header = next(i for i, r in enumerate(rows) if r[:3] == ("Flag", "Title", "Intakes"))
    cells = {r[0]: r[2] for r in rows[header + 1:] if r[0]}
    assert cells == dict(Counter(f for s in scenarios() for f in EXPECTED[s.name]["flags"]))
    assert all(isinstance(v, int) for v in cells.values())
    assert set(book.sheetnames) >= {"By flag", "By policy", "By month of intake",
                                    "By nationality", "By review status", "By age at intake"}
    book.close()


def _all_text(report_bytes: bytes, fmt: ReportFormat, tmp: Path) -> str:
    if fmt is ReportFormat.CSV:
        return report_bytes.decode("utf-8-sig")
    if fmt is ReportFormat.PDF:
        return pdf_text(report_bytes)
    path = tmp / "r.xlsx"
    path.write_bytes(report_bytes)
    book = openpyxl.load_workbook(path, read_only=True)
    text = "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for c in row if c is not None)
    book.close()
    return text


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_de_identified_output_names_nobody(store: Store, kind: ReportKind, fmt: ReportFormat,
                                           tmp_path: Path) -> None:
    data = reports_as(store, Role.MANAGER).render(ReportRequest(kind), fmt)
    text = _all_text(data, fmt, tmp_path)
    assert norm("De-identified: no names, A-numbers") in norm(text)
    for s in scenarios():
        assert s.client["date_of_birth"] not in text
    for identity in identities():
        assert not re.search(rf"(?<!\w){re.escape(identity)}(?!\w)", text), identity
        assert norm(identity) not in norm(text) or len(identity) < 5, identity


def test_the_identified_flags_report_names_clients(store: Store) -> None:
    data = reports_as(store, Role.MANAGER).render(ReportRequest(ReportKind.FLAGS,
                                                                identified=True),
                                                  ReportFormat.CSV)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("IDENTIFIED")
    assert all(s.full_name in text for s in scenarios()
               if EXPECTED[s.name]["flags"])
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Case", "Flag", "Level", "Policy", "Intake month", "Nationality", "Age band",
            "Review status", "Client", "A-number", "Client id"] in rows


def test_de_identified_rows_generalize_rare_nationalities(store: Store) -> None:
    report = reports_as(store, Role.MANAGER).build(ReportRequest(ReportKind.FLAGS))
    rows = report.table("flags").rows
    assert {r[5] for r in rows} == {"(fewer than 5)"}  # no nationality has 5 flagged clients
    assert all(re.fullmatch(r"C\d{4}", str(r[0])) for r in rows)


def test_a_childs_18th_birthday_shows_only_its_month_when_de_identified(store: Store) -> None:
    service = reports_as(store, Role.MANAGER)
    rows = service.build(ReportRequest(ReportKind.DEADLINES)).table("deadlines").rows
    birthdays = [r for r in rows if r[1] == "Unaccompanied child turns 18"]
    assert birthdays and all(re.fullmatch(r"\d{4}-\d{2}", str(r[2])) and r[4] == ""
                             for r in birthdays)
    named = service.build(ReportRequest(ReportKind.DEADLINES, identified=True))
    exact = [r for r in named.table("deadlines").rows if r[1] == "Unaccompanied child turns 18"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(r[2])) for r in exact)


@pytest.mark.parametrize("role", [Role.PARALEGAL, Role.ATTORNEY])
def test_an_identified_export_is_refused_for_a_non_manager(store: Store, role: Role,
                                                           tmp_path: Path) -> None:
    service = reports_as(store, role)
    target = tmp_path / "names.csv"
    with pytest.raises(PermissionDenied):
        service.export(ReportRequest(ReportKind.FLAGS, identified=True), ReportFormat.CSV,
                       target)
    assert not target.exists()
    assert not service.may_identify


def test_a_managers_identified_export_is_audited(store: Store, tmp_path: Path) -> None:
    with store.uow() as uow:
        manager_id = uow.users.add("mara", "Mara Manager", Role.MANAGER)
    service = reports_as(store, Role.MANAGER, user_id=manager_id)
    target = tmp_path / "names.xlsx"
    service.export(ReportRequest(ReportKind.DEADLINES, identified=True), ReportFormat.XLSX,
                   target)
    assert target.stat().st_mode & 0o077 == 0  # owner-only: it names clients
    with store.uow() as uow:
        events = uow.audit_log.events(AuditQuery(action="report.exported", limit=5))
    newest = events[0]
    assert newest.username == "mara" and newest.entity_id == "deadlines"
    assert newest.detail["identified"] is True and newest.detail["format"] == "xlsx"
    assert newest.detail["file"] == "names.xlsx"


def test_review_status_follows_the_newest_disposition(tmp_path: Path) -> None:
    with scenario_store(tmp_path / "data") as (store, admin_id):
        with store.uow() as uow:
            rows = {s.client_id: uow.intakes.latest_for_client(s.client_id)
                    for s in uow.clients.summaries()}
        flagged = sorted((stored for stored in rows.values() if stored and stored.flags),
                         key=lambda stored: (-len(stored.flags), stored.intake_id))
        partly, fully, signed, reopened = flagged[:4]
        assert len(partly.flags) > 1 and len(reopened.flags) > 1
        with store.uow(user_id=admin_id) as uow:
            uow.reviews.add(partly.intake_id, partly.flags[0].id, Disposition.CONFIRMED, "")
            for flag in fully.flags:
                uow.reviews.add(fully.intake_id, flag.id, Disposition.NOT_APPLICABLE, "")
            uow.reviews.add(signed.intake_id, None, Disposition.SIGNED_OFF, "")
            uow.reviews.add(reopened.intake_id, None, Disposition.SIGNED_OFF, "")
            uow.reviews.add(reopened.intake_id, reopened.flags[0].id, Disposition.REOPENED, "")
        report = reports_as(store, Role.MANAGER).build(ReportRequest(ReportKind.CASELOAD))
    status = counts(report, "by_review_status")
    assert status == {"no flags": 1, "not reviewed": len(flagged) - 4, "in review": 2,
                      "reviewed": 1, "signed off": 1}


@pytest.mark.parametrize("kind", list(ReportKind))
def test_each_report_pdf_renders_with_pdftoppm(store: Store, kind: ReportKind,
                                               tmp_path: Path) -> None:
    data = reports_as(store, Role.MANAGER).render(ReportRequest(kind), ReportFormat.PDF)
    pages = render_pages(data, tmp_path)
    assert pages and all(p.stat().st_size > 1000 for p in pages)
    text = pdf_text(data)
    assert "Page 1 of" in text and "Clinic Intake" in text
