"""File downloads shared by the apps: spreadsheets built with openpyxl."""

import io

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of an openpyxl workbook (also a write-only one)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_attachment(content: bytes, *, filename: str) -> HttpResponse:
    """A response that downloads ``content`` as the spreadsheet ``filename``."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
