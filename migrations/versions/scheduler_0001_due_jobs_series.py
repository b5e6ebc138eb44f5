"""scheduler: due jobs, scheduler instances, event series; reminder settings on events

Revision ID: scheduler_0001
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types

revision = "scheduler_0001"
down_revision = "0001_core"
branch_labels = ("scheduler",)
depends_on = None


def upgrade():
    op.create_table(
        "event_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("starts_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("rrule", sa.String(length=300), nullable=False),
        sa.Column("exceptions", sa.JSON(), nullable=True),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("publish", sa.Boolean(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_event_series_duration_positive")),
        sa.CheckConstraint("horizon_days > 0", name=op.f("ck_event_series_horizon_positive")),
        sa.ForeignKeyConstraint(["coordinator_id"], ["users.id"],
                                name=op.f("fk_event_series_coordinator_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"],
                                name=op.f("fk_event_series_network_id_networks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_series")),
    )
    op.create_table(
        "scheduler_instances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("started_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("jobs_run", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduler_instances")),
        sa.UniqueConstraint("name", name=op.f("uq_scheduler_instances_name")),
    )
    op.create_table(
        "due_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("due_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'claimed', 'done', 'skipped', 'failed')",
                           name=op.f("ck_due_jobs_state_valid")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_due_jobs_event_id_events"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_due_jobs_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_due_jobs_key")),
    )
    with op.batch_alter_table("due_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_due_jobs_due", ["state", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_due_jobs_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_due_jobs_campaign_id"), ["campaign_id"], unique=False)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_hours", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("series_slot",
                                      netmgr.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_events_series_id"), ["series_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_events_series_id_event_series"),
                                    "event_series", ["series_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_events_series_id_event_series"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_events_series_id"))
        batch_op.drop_column("series_slot")
        batch_op.drop_column("series_id")
        batch_op.drop_column("reminder_hours")
    with op.batch_alter_table("due_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_jobs_campaign_id"))
        batch_op.drop_index(batch_op.f("ix_due_jobs_event_id"))
        batch_op.drop_index("ix_due_jobs_due")
    op.drop_table("due_jobs")
    op.drop_table("scheduler_instances")
    op.drop_table("event_series")
