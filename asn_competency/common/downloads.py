"""File downloads shared by the apps: spreadsheets built with openpyxl, CSV text.

Formula injection: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is run as a formula by spreadsheet programs (a citizen's or
an ASN's name ``=HYPERLINK("http://evil.example/x","Sri Lubis")``). Every export
writes such texts as plain text: in XLSX a text cell with Excel's "quote prefix"
(shown as typed, never evaluated, even after editing); in CSV with a leading
apostrophe (OWASP's advice). Numbers, dates and booleans stay what they are.
"""

import io

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_text(value):
    """A CSV field that no spreadsheet program evaluates."""
    return "'" + value if formula_like(value) else value


def _as_text(cell):
    cell.data_type = "s"  # openpyxl makes every "=..." string a formula
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    """``values`` ready for ``sheet.append``: formula-like texts become text
    cells. Needed for write-only sheets (their rows go straight to the file);
    ordinary workbooks are also swept by ``workbook_bytes``."""
    from openpyxl.cell import Cell  # (openpyxl's WriteOnlyCell builds a Cell too)

    row = []
    for value in values:
        if isinstance(value, Cell):
            if formula_like(value.value):
                _as_text(value)
        elif formula_like(value):
            value = _as_text(Cell(sheet, row=1, column=1, value=value))  # placed by append
        row.append(value)
    return row


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of an openpyxl workbook (also a write-only one).

    Cells of ordinary workbooks are swept here, so no export can write a live
    formula from data; write-only sheets append through ``xlsx_row``.
    """
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if formula_like(cell.value):
                        _as_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_attachment(content: bytes, *, filename: str) -> HttpResponse:
    """A response that downloads ``content`` as the spreadsheet ``filename``."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
