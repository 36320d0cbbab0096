"""Reading the lists HR uploads (CSV or XLSX) into rows of text cells.

Spreadsheets made in Indonesia often use `;` as the CSV separator and keep
NIPs as numbers, which silently loses digits (Excel keeps 15 significant
digits); both are handled here with a message a person understands."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


class LostDigits(str):
    """A NIP cell that Excel stored as a floating-point number."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)
    header_row: tuple[int, list[str]]  # the first row as read, for lists without a header


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return LostDigits(repr(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _read_xlsx(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            _("The Excel file cannot be read; save it again as .xlsx and retry."), code="xlsx"
        ) from exc
    sheet = workbook.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if any(cells):
            rows.append((number, cells))
        if len(rows) > max_rows + 1:
            break
    workbook.close()
    return rows


def _read_csv(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [c.strip() for c in cells]
        if any(cells):
            rows.append((number, cells))
        if len(rows) > max_rows + 1:
            break
    return rows


def read_table(uploaded, *, max_rows: int, max_bytes: int) -> Table:
    """The first sheet (or the CSV) as a header and data rows; blank lines skipped.

    Raises ValidationError for an empty, unreadable, too large or too long file."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)d KB); at most %(max)d KB is accepted.")
            % {"size": uploaded.size // 1024, "max": max_bytes // 1024},
            code="too_large",
        )
    data = uploaded.read()
    if data.startswith(XLSX_MAGIC) or name.endswith(".xlsx"):
        rows = _read_xlsx(data, max_rows)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = _read_csv(data, max_rows)
    else:
        raise ValidationError(_("Upload a CSV or an Excel (.xlsx) file."), code="file_type")
    if not rows:
        raise ValidationError(_("The file is empty."), code="empty")
    header = [c.strip().lower() for c in rows[0][1]]
    body = rows[1:]
    if len(body) > max_rows:
        raise ValidationError(
            _("The file has more than %(max)d rows; split it into smaller lists.") % {"max": max_rows},
            code="too_many_rows",
        )
    return Table(header=header, rows=body, header_row=rows[0])


def find_column(table: Table, *names: str) -> int | None:
    for index, title in enumerate(table.header):
        if title in names:
            return index
    return None


def cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def normalise_nip(value: str) -> str:
    """NIPs are often typed with spaces ("19860926 201505 1 001") or with
    Excel's leading apostrophe; both are harmless and removed."""
    return "".join(str(value).lstrip("'").split())
