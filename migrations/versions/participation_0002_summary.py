"""participation summary: each organisation's participations per Oslo day of the events'
start (count and latest start), backfilled from the registrations (issue 18)

Revision ID: participation_0002_summary
Revises: 0006_merge
Create Date: 2026-12-02 03:00:00

The backfill groups the participations (registration not cancelled, attended, event not
cancelled) per organisation and Oslo date: in SQL on PostgreSQL; on SQLite (no time zones) per
organisation and event in SQL, folded into Oslo dates in Python; the application keeps the table current from here on
(netmgr/participation/summary.py) and `netmgr participation rebuild-summary` recomputes it.
"""
import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "participation_0002_summary"
down_revision = "0006_merge"
branch_labels = None
depends_on = None

OSLO = ZoneInfo("Europe/Oslo")


def _aware(value):
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def upgrade():
    summary = op.create_table(
        "organization_participation_days",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("last_attended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "attended >= 0", name=op.f("ck_organization_participation_days_attended_not_negative")
        ),
        sa.CheckConstraint(
            "attended = 0 OR last_attended_at IS NOT NULL",
            name=op.f("ck_organization_participation_days_last_when_attended"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_participation_days_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "day", name=op.f("pk_organization_participation_days")
        ),
    )
    if op.get_context().dialect.name == "postgresql":  # in SQL (also for `upgrade --sql`)
        op.execute(
            "INSERT INTO organization_participation_days "
            "(organization_id, day, attended, last_attended_at) " + PG_BACKFILL
        )
        return
    rows = backfill_rows(op.get_bind())
    if rows:
        op.bulk_insert(summary, rows)


#: PostgreSQL: the rows, grouped by the Oslo date in the database
PG_BACKFILL = (
    "SELECT r.organization_id, (e.starts_at AT TIME ZONE 'Europe/Oslo')::date, count(r.id), "
    "max(e.starts_at) FROM registrations r JOIN events e ON e.id = r.event_id "
    "WHERE r.attendance = 'attended' AND r.status <> 'cancelled' AND e.status <> 'cancelled' "
    "GROUP BY r.organization_id, (e.starts_at AT TIME ZONE 'Europe/Oslo')::date"
)


def backfill_rows(conn) -> list[dict]:
    """The summary rows the registrations and events in ``conn`` call for."""
    result = conn.execute(
        sa.text(
            "SELECT r.organization_id, e.starts_at, count(r.id) FROM registrations r "
            "JOIN events e ON e.id = r.event_id "
            "WHERE r.attendance = 'attended' AND r.status <> 'cancelled' "
            "AND e.status <> 'cancelled' "
            "GROUP BY r.organization_id, e.id, e.starts_at"
        )
    )
    days = {}
    for org, start, n in result:
        start = _aware(start)
        key = (org, start.astimezone(OSLO).date())
        count, last = days.get(key, (0, start))
        days[key] = (count + int(n), max(last, start))
    sqlite = conn.dialect.name == "sqlite"
    return [
        {
            "organization_id": org,
            "day": day,
            "attended": n,
            # SQLite keeps naive UTC (as the application's UTCDateTime writes it)
            "last_attended_at": last.astimezone(dt.UTC).replace(tzinfo=None)
            if sqlite
            else last,
        }
        for (org, day), (n, last) in sorted(days.items())
    ]


def downgrade():
    op.drop_table("organization_participation_days")
