"""Read a spreadsheet the way coordinators have it: CSV as Excel saves it in Norway, or .xlsx.

CSV: ``;`` or ``,`` as separator (whichever the header line uses), UTF-8 with or without a
byte-order mark, else Windows-1252 (Excel's "CSV (semikolondelt)" on Norwegian Windows).
Rows come back as ``(line number, {header: text})``; line 1 is the header; empty rows are
skipped. A file that cannot be read raises :class:`UnreadableFile`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from flask_babel import gettext as _
from openpyxl import load_workbook

#: ZIP signature: .xlsx files are ZIP archives
_ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file is not a CSV or .xlsx we can read (message for the person who uploaded it)."""


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 maps almost every byte, so it is the fallback, not a guess first.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableFile(_("Filen er verken UTF-8 eller Windows-1252.")) from None


def _header(cells) -> list[str]:
    return [str(c or "").strip().lstrip("\ufeff").lower() for c in cells]


def _csv_rows(text: str):
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(next(reader))
    except StopIteration:
        raise UnreadableFile(_("Filen er tom.")) from None
    except csv.Error:
        raise UnreadableFile(_("Filen kan ikke leses som CSV.")) from None
    rows = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        raise UnreadableFile(_("Linje %(line)s kan ikke leses.", line=reader.line_num)) from exc
    return header, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile(_("Filen kan ikke leses som Excel-ark (.xlsx).")) from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        try:
            header = _header(next(lines))
        except StopIteration:
            raise UnreadableFile(_("Filen er tom.")) from None
        rows = []
        for number, cells in enumerate(lines, start=2):
            texts = [_cell_text(c) for c in cells]
            if any(t.strip() for t in texts):
                rows.append((number, dict(zip(header, texts, strict=False))))
        return header, rows
    finally:
        book.close()


def read_table(data: bytes, filename: str = "") -> tuple[list[str], list[tuple[int, dict]]]:
    """The header (lower case) and the non-empty rows of a CSV or .xlsx file."""
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    return _csv_rows(decode_csv(data))
