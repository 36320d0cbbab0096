"""Formula injection: every export writes formula-like texts as plain text."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from asn_competency.common.downloads import csv_text, formula_like, workbook_bytes, xlsx_row

DANGEROUS = ["=1+1", "+62 812", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil.example/x","x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_texts_are_recognised_and_csv_gets_an_apostrophe(text):
    assert formula_like(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Sri Lubis", "", 5, -3, 2.5, None, "a=b"])
def test_ordinary_values_are_left_alone(value):
    assert not formula_like(value)
    assert csv_text(value) == value


def _no_formulas(content: bytes):
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            xml = archive.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml, name


@pytest.mark.parametrize("write_only", [False, True])
def test_workbooks_write_formula_like_texts_as_quoted_text_and_keep_numbers(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    values = [*DANGEROUS, 7, -1.5]
    sheet.append(xlsx_row(sheet, values) if write_only else values)
    content = workbook_bytes(book)
    _no_formulas(content)
    row = next(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())
    assert [c.value for c in row][: len(DANGEROUS)] == [t.replace("\r", "\n") for t in DANGEROUS]
    assert all(c.data_type == "s" and c.quotePrefix for c in row[: len(DANGEROUS)])
    assert [c.value for c in row][-2:] == [7, -1.5]


@pytest.mark.django_db
def test_the_evaluation_and_ikm_exports_write_no_formulas():
    from evaluation.exports import xlsx_response

    response = xlsx_response(filename="uji", sheets=[("S", ["Nama"], [["=cmd|' /C calc'!A0"], ["-1+1"]])])
    _no_formulas(response.content)
