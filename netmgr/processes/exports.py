"""The supplier list as CSV and XLSX (text cells: organisation numbers keep their digits),
both from the shared export helper (netmgr.web.exports)."""

from __future__ import annotations

from flask_babel import gettext as _

from ..web.exports import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from .figures import SupplierRow

__all__ = ["CSV_TYPE", "XLSX_TYPE", "suppliers_csv", "suppliers_xlsx"]


def _header() -> list[str]:
    return [_("Leverandør"), _("Organisasjonsnummer"), _("Arrangementer"), _("Personer")]


def _cells(row: SupplierRow) -> list[str]:
    return [row.name, row.org_number or "", str(row.events), str(row.people)]


def suppliers_csv(rows: list[SupplierRow]) -> bytes:
    return csv_bytes(_header(), (_cells(r) for r in rows))


def suppliers_xlsx(rows: list[SupplierRow], title: str) -> bytes:
    return xlsx_bytes(_header(), (_cells(r) for r in rows), sheet=_("Leverandører"), title=title)
