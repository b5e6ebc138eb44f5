"""The supplier list as CSV and XLSX (text cells: organisation numbers keep their digits)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook

from .figures import SupplierRow

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header() -> list[str]:
    return [_("Leverandør"), _("Organisasjonsnummer"), _("Arrangementer"), _("Personer")]


def _cells(row: SupplierRow) -> list[str]:
    return [row.name, row.org_number or "", str(row.events), str(row.people)]


def suppliers_csv(rows: list[SupplierRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_header())
    writer.writerows(_cells(r) for r in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def suppliers_xlsx(rows: list[SupplierRow], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Leverandører")[:31]
    sheet.append([title])
    sheet.append(_header())
    for row in rows:
        sheet.append(_cells(row))
    for line in sheet.iter_rows():
        for cell in line:
            cell.data_type = "s"
            cell.number_format = "@"  # text: no number parsing of 0-leading values
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 20
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
