"""XLSX (openpyxl) and PDF (reportlab) exports of tables already computed by selectors."""

import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from asn_competency.common.downloads import workbook_bytes, xlsx_attachment


class Percent(float):
    """A share (0-1) shown as a percentage: a number with a percent format in
    XLSX (Excel can compute with it), "20%" in the PDF."""

    XLSX_FORMAT = "0%"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{value * 100:.0f}%"
    if isinstance(value, float):
        return round(value, 2)
    return value if isinstance(value, int | str) else str(value)


def _xlsx_value(value):
    return float(value) if isinstance(value, Percent) else _cell(value)


def xlsx_response(
    *, filename: str, sheets: list[tuple[str, list[str], list[list]]], filters: list[tuple] | None = None
) -> HttpResponse:
    """One sheet per table; with `filters` ([(label, value)]), a first sheet
    records the filters the figures were computed with."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    if filters:
        sheets = [(_("Filters"), [_("Filter"), _("Value")], [[label, value] for label, value in filters]), *sheets]
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=str(title)[:31])
        ws.append([str(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if isinstance(value, Percent):
                    cell.number_format = Percent.XLSX_FORMAT
        for i, h in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, min(50, len(str(h)) + 4))
    return xlsx_attachment(workbook_bytes(wb), filename=f"{slugify(filename)}.xlsx")


def pdf_response(*, filename: str, title: str, subtitle: str, sections: list[tuple[str, list[str], list[list]]]):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=str(title), leftMargin=28, rightMargin=28)
    story = [Paragraph(str(title), styles["Title"]), Paragraph(str(subtitle), styles["Normal"]), Spacer(1, 12)]
    for heading, header, rows in sections:
        story.append(Paragraph(str(heading), styles["Heading2"]))
        if not rows:
            story.append(Paragraph("-", styles["Normal"]))
            continue
        data = [[Paragraph(f"<b>{_esc(h)}</b>", small) for h in header]]
        data += [[Paragraph(_esc(_cell(v)), small) for v in row] for row in rows]
        table = Table(data, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 10)]
    doc.build(story)
    response = HttpResponse(buf.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.pdf"'
    return response


def _esc(value) -> str:
    from xml.sax.saxutils import escape

    return escape(str(value))
