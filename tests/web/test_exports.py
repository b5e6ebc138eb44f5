"""The shared export helper: CSV guarded only where a spreadsheet would run a cell, XLSX with
text cells (issue 17, item 14)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from netmgr.web.exports import csv_bytes, csv_cell, xlsx_bytes


def test_csv_guards_formulas_not_phone_numbers():
    assert csv_cell("+47 941 87 457") == "+47 941 87 457"
    assert csv_cell("-12,5") == "-12,5"  # a Norwegian decimal number, not a formula
    assert csv_cell("-125") == "-125"
    assert csv_cell("(+47) 22 33 44 55") == "(+47) 22 33 44 55"
    for formula in ("=1+1", "+SUM(A1)", "-1+2 A", "@cmd", "\t=x"):
        assert csv_cell(formula).startswith("'"), formula
    assert csv_cell(None) == "" and csv_cell(7) == "7"
    body = csv_bytes(["A", "B"], [["0301", "=HYPERLINK(1)"]])
    assert body.startswith(b"\xef\xbb\xbf") and b"0301;'=HYPERLINK(1)\r\n" in body


def test_xlsx_cells_are_text_and_never_formulas():
    data = xlsx_bytes(
        ["Kommune", "Nummer"], [["Oslo\x00", "0301"], ["=1+1", "+47 941 87 457"]], title="T"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["T", None]
    assert [c.value for c in sheet[3]] == ["Oslo", "0301"]  # leading zero kept, NUL dropped
    assert [c.value for c in sheet[4]] == ["=1+1", "+47 941 87 457"]
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row)
