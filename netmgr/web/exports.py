"""One export helper for every table people download: the same header and rows as CSV and
as XLSX, so the two never drift apart.

* CSV: UTF-8 with BOM, ``;`` separated (Excel with Norwegian settings), CRLF. A cell is
  guarded with a leading apostrophe only where a spreadsheet would run it as a formula
  (``=…``, ``@…``, ``+``/``-`` followed by something other than a plain number); a phone
  number "+47 941 87 457" or a negative number stays as it is.
* XLSX (openpyxl): every cell a text cell (``@`` format), so nothing is run and numbers with
  leading zeros (municipality 0301, organisation numbers) keep their digits: no guard needed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from flask import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

#: A signed number or phone number: no spreadsheet runs it as a formula
PLAIN_NUMBER = re.compile(r"[+-][\d ().,]*\d[\d ().,]*")
#: First characters that make a spreadsheet read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    return "" if value is None else str(value)


def csv_cell(value) -> str:
    """The cell as text, with an apostrophe only where a spreadsheet would run it."""
    text = _text(value)
    if text[:1] in FORMULA_START and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(header: Sequence, rows: Iterable[Sequence], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads æøå right


def xlsx_bytes(
    header: Sequence,
    rows: Iterable[Sequence],
    sheet: str = "Ark1",
    title: str | None = None,
    width: int | None = None,
    wrap: bool = False,
) -> bytes:
    """One sheet: an optional title line, the bold header, then text cells."""
    book = Workbook()
    ws = book.active
    ws.title = ILLEGAL_CHARACTERS_RE.sub("", re.sub(r"[\[\]:*?/\\]", " ", sheet))[:31] or "Ark1"
    if title:
        ws.append([_clean(title)])
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([_clean(h) for h in header])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    first_data = ws.max_row + 1
    for row in rows:
        ws.append([_clean(v) for v in row])
    for line in ws.iter_rows(min_row=1):
        for cell in line:
            cell.data_type = "s"  # text, never a formula (a value may start with "=")
            cell.number_format = "@"
            if wrap and cell.row >= first_data - 1:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in ws.iter_cols(min_row=first_data - 1):
        longest = max((len(_text(c.value)) for c in column), default=8)
        ws.column_dimensions[column[0].column_letter].width = width or min(max(longest, 8), 60)
    ws.freeze_panes = ws.cell(row=first_data, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _clean(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", _text(value))


def export_response(
    fmt: str,
    header: Sequence,
    rows: Iterable[Sequence],
    filename: str,
    *,
    sheet: str = "Ark1",
    title: str | None = None,
    delimiter: str = ";",
    wrap: bool = False,
    private: bool = False,
) -> Response:
    """``filename`` without extension; ``fmt`` one of :data:`FORMATS`. ``private``: personal
    data, never kept by a cache."""
    rows = list(rows)
    if fmt == "xlsx":
        body, mimetype = xlsx_bytes(header, rows, sheet=sheet, title=title, wrap=wrap), XLSX_TYPE
    else:
        body, mimetype = csv_bytes(header, rows, delimiter=delimiter), CSV_TYPE
        fmt = "csv"
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
    if private:
        headers["Cache-Control"] = "no-store"
    return Response(body, mimetype=mimetype, headers=headers)
