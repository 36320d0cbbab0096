"""Spreadsheets HR downloads: the 20-JP report, a bulk enrolment's report and
the example lists to fill in. openpyxl in write-only mode (streams rows)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from asn_competency.common.downloads import csv_text, workbook_bytes, xlsx_row


def _workbook(title: str, header: list[str]):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    cells = []
    for text in header:
        c = xlsx_row(sheet, [WriteOnlyCell(sheet, value=str(text))])[0]
        c.font = bold
        cells.append(c)
    sheet.append(cells)
    return workbook, sheet


def _text(sheet, value):
    """A cell stored as text: NIPs must never become numbers in Excel."""
    c = WriteOnlyCell(sheet, value=str(value))
    c.number_format = "@"
    return c


def jp_report_xlsx(rows, *, year: int) -> bytes:
    workbook, sheet = _workbook(
        _("JP %(year)s") % {"year": year},
        [
            _("NIP"),
            _("Name"),
            _("Organisation unit"),
            _("Employment type"),
            _("Position"),
            _("JP"),
            _("Target"),
            _("Missing"),
        ],
    )
    for e in rows.iterator(chunk_size=1000):
        sheet.append(
            xlsx_row(
                sheet,
                [
                    _text(sheet, e.nip),
                    e.full_name,
                    e.org_unit.name,
                    e.get_employment_type_display(),
                    e.position.name if e.position_id else "",
                    float(e.jp_total),
                    float(e.jp_target),
                    float(e.jp_missing),
                ],
            )
        )
    return workbook_bytes(workbook)


def bulk_report_xlsx(rows) -> bytes:
    workbook, sheet = _workbook(_("Bulk enrolment"), [_("Line"), _("NIP"), _("Name"), _("Outcome"), _("Reason")])
    for row in rows.iterator(chunk_size=1000):
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.line,
                    _text(sheet, row.nip),
                    row.employee.full_name if row.employee_id else "",
                    str(row.get_outcome_display()),
                    row.message,
                ],
            )
        )
    return workbook_bytes(workbook)


EXAMPLE_NIPS = [
    ("199002142015032001", "Sri Lubis"),
    ("199207302019031004", "Andi Harahap"),
    ("198811052014022002", "Dewi Sitepu"),
]


def nip_list_example_xlsx() -> bytes:
    workbook, sheet = _workbook(_("NIP list"), ["NIP", _("Name (optional)")])
    for nip, name in EXAMPLE_NIPS:
        sheet.append(xlsx_row(sheet, [_text(sheet, nip), name]))
    return workbook_bytes(workbook)


def nip_list_example_csv() -> bytes:
    lines = ["NIP;" + _("Name (optional)")] + [f"{nip};{csv_text(name)}" for nip, name in EXAMPLE_NIPS]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def assessment_example_xlsx() -> bytes:
    workbook, sheet = _workbook(_("Assessed levels"), ["NIP", _("competency code"), _("level"), _("date")])
    for nip, code, level in [("199002142015032001", "M.05", 1), ("199002142015032001", "T.TIK.01", 1)]:
        sheet.append(xlsx_row(sheet, [_text(sheet, nip), code, level, "2026-01-15"]))
    return workbook_bytes(workbook)
