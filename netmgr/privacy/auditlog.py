"""Reading the audit log: filters shared by the admin page, its CSV and the API."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import AuditEntry
from ..core.timeutil import OSLO, UTC, to_oslo
from ..extensions import db


@dataclass
class AuditFilters:
    action: str | None = None
    user_id: int | None = None
    object_type: str | None = None
    object_id: int | None = None
    #: From this time (inclusive)
    start: dt.datetime | None = None
    #: Up to this time (exclusive)
    end: dt.datetime | None = None


def day_start(day: dt.date) -> dt.datetime:
    """00:00 in Norway that day, as UTC."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=OSLO).astimezone(UTC)


def query(filters: AuditFilters):
    stmt = select(AuditEntry)
    if filters.action:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.user_id:
        stmt = stmt.where(AuditEntry.user_id == filters.user_id)
    if filters.object_type:
        stmt = stmt.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        stmt = stmt.where(AuditEntry.object_id == filters.object_id)
    if filters.start:
        stmt = stmt.where(AuditEntry.at >= filters.start)
    if filters.end:
        stmt = stmt.where(AuditEntry.at < filters.end)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def object_types() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.object_type)
            .distinct()
            .where(AuditEntry.object_type.is_not(None))
            .order_by(AuditEntry.object_type)
        )
    )


def export_header() -> list[str]:
    return [
        _("Nr."),
        _("Tidspunkt"),
        _("Handling"),
        _("Bruker"),
        _("Objekttype"),
        _("Objekt-id"),
        _("Data"),
    ]


def export_rows(filters: AuditFilters, users: dict[int, str]):
    """The filtered entries as rows for the CSV and XLSX export (netmgr.web.exports)."""
    for entry in db.session.scalars(query(filters)).yield_per(1000):
        yield [
            entry.id,
            to_oslo(entry.at).isoformat(),
            entry.action,
            users.get(entry.user_id, "") if entry.user_id else "",
            entry.object_type or "",
            entry.object_id or "",
            json.dumps(entry.data, ensure_ascii=False) if entry.data else "",
        ]


def next_day_start(day: dt.date) -> dt.datetime:
    """End of a day given as "up to and including"."""
    return day_start(day + dt.timedelta(days=1))
