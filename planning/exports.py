"""Spreadsheets HR downloads: the 20-JP report, a bulk enrolment's report and
the example lists to fill in. openpyxl in write-only mode (streams rows)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from asn_competency.common.downloads import csv_text, workbook_bytes, xlsx_row


def _workbook(title: str, header: list[str], filters: list[tuple] | None = None):
    """A write-only workbook with a bold header row; with `filters` ([(label,
    value)]), a first sheet records the filters the rows were selected with."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    if filters:
        first = workbook.create_sheet(_("Filters"))
        first.append([_bold(first, _("Filter"), bold), _bold(first, _("Value"), bold)])
        for label, value in filters:
            first.append(xlsx_row(first, [str(label), str(value)]))
    sheet = workbook.create_sheet(title[:31])
    cells = []
    for text in header:
        c = xlsx_row(sheet, [WriteOnlyCell(sheet, value=str(text))])[0]
        c.font = bold
        cells.append(c)
    sheet.append(cells)
    return workbook, sheet


def _bold(sheet, text, font):
    c = WriteOnlyCell(sheet, value=str(text))
    c.font = font
    return c


def jp_filter_rows(filters: dict) -> list[tuple[str, str]]:
    """The JP report's filters (JpReportFilterForm.filters()) as (label, value) rows."""
    from accounts.models import Employee

    types = dict(Employee.EmploymentType.choices)
    return [
        (_("Year"), str(filters["year"])),
        (_("Organisation unit"), filters["unit"].name if filters.get("unit") else _("All units")),
        (
            _("Employment type"),
            str(types.get(filters["employment_type"], filters["employment_type"]))
            if filters.get("employment_type")
            else _("All"),
        ),
        (_("Name or NIP"), filters.get("search") or "-"),
        (_("Show"), _("Below the target") if filters.get("below_only") else _("Everyone")),
    ]


def _text(sheet, value):
    """A cell stored as text: NIPs must never become numbers in Excel."""
    c = WriteOnlyCell(sheet, value=str(value))
    c.number_format = "@"
    return c


def jp_report_xlsx(rows, *, year: int, filters: list[tuple] | None = None) -> bytes:
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
        filters=filters,
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
