"""Reports as CSV and XLSX. Both open with the lines a reader must see first: the report, the
clinic and period, and its de-identification (or the warning that it names clients).

Cells that a spreadsheet would run as a formula (starting with = + - @) are written as text:
a client's name or a note must never execute in Excel (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

from clinic_app.reports import Cell, ChartKind, Report, ReportFormat, ReportTable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31


def header_lines(report: Report) -> list[str]:
    """The lines above every table: what, where, when, who, and how identifying it is."""
    lines = [f"{report.clinic_name} — {report.title}", report.privacy_note,
             f"Period: {report.period.label()}. Generated {report.generated_at:%Y-%m-%d %H:%M} "
             f"UTC by {report.generated_by}."]
    return lines + list(report.notes)


def safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def report_csv(report: Report) -> bytes:
    """One file: the header lines, then each table under its title, a blank line between.
    UTF-8 with a byte-order mark so Excel shows accents and Cyrillic right."""
    out = io.StringIO()
    writer = csv.writer(out)
    for line in header_lines(report):
        writer.writerow([line])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows([safe(c) for c in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def report_xlsx(report: Report) -> bytes:
    """A sheet per table (numbers stay numbers), each opening with the header lines; charted
    tables get a native Excel chart beside them."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    warn = book.add_format({"bold": True, "font_color": "#B00020"})
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1})
    names = _sheet_names(report.tables)
    for table, name in zip(report.tables, names, strict=True):
        sheet = book.add_worksheet(name)
        lines = header_lines(report)
        for row, line in enumerate(lines):
            sheet.write_string(row, 0, line, warn if row == 1 else bold if row == 0 else None)
        first = len(lines) + 1
        sheet.write_string(first, 0, table.title, bold)
        sheet.write_row(first + 1, 0, table.columns, head)
        for offset, cells in enumerate(table.rows, start=first + 2):
            for col, cell in enumerate(cells):
                if isinstance(cell, int):
                    sheet.write_number(offset, col, cell)
                else:
                    sheet.write_string(offset, col, str(cell))
        _widths(sheet, table)
        sheet.freeze_panes(first + 2, 0)
        if table.chart is not ChartKind.NONE and table.rows:
            _chart(book, sheet, name, table, first + 2)
    book.close()
    return out.getvalue()


def _sheet_names(tables: Sequence[ReportTable]) -> list[str]:
    used: set[str] = set()
    names = []
    for table in tables:
        base = "".join(c for c in table.title if c not in "[]:*?/\\")[:SHEET_NAME_MAX]
        name, n = base, 2
        while name.lower() in used:
            suffix = f" {n}"
            name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names.append(name)
    return names


def _widths(sheet: xlsxwriter.worksheet.Worksheet, table: ReportTable) -> None:
    for col, title in enumerate(table.columns):
        longest = max((len(str(r[col])) for r in table.rows[:500]), default=0)
        sheet.set_column(col, col, min(max(len(title), longest) + 2, 60))


def _chart(book: xlsxwriter.Workbook, sheet: xlsxwriter.worksheet.Worksheet, name: str,
           table: ReportTable, first_row: int) -> None:
    last_row = first_row + len(table.rows) - 1
    kind = {ChartKind.BAR: "bar", ChartKind.COLUMN: "column", ChartKind.PIE: "pie"}[table.chart]
    chart = book.add_chart({"type": kind})
    chart.add_series({
        "name": table.columns[table.value_column],
        "categories": [name, first_row, 0, last_row, 0],
        "values": [name, first_row, table.value_column, last_row, table.value_column],
    })
    chart.set_title({"name": table.title})
    if kind != "pie":
        chart.set_legend({"none": True})
    sheet.insert_chart(first_row - 2, len(table.columns) + 1, chart)


class ReportFiles:
    """clinic_app.ports.ReportWriter: the same Report as CSV, XLSX or PDF with charts."""

    def write(self, report: Report, fmt: ReportFormat) -> bytes:
        if fmt is ReportFormat.CSV:
            return report_csv(report)
        if fmt is ReportFormat.XLSX:
            return report_xlsx(report)
        from forms.pdf.report import render_report  # ReportLab only when a PDF is asked for

        return render_report(report).data
