"""processes: joint processes, their phase timeline and participants; events.process_id

Revision ID: processes_0001
Revises: 0003_participation_index
"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types

revision = "processes_0001"
# On the core line (not a second base: every branch starts from 0001_core, see
# tests/spine/test_migrations.py); the events table it alters exists from there on.
down_revision = "0003_participation_index"
branch_labels = ("processes",)
depends_on = None

PHASES = "'needs', 'market_dialogue', 'competition', 'contract', 'follow_up'"


def upgrade():
    op.create_table(
        "processes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("published_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"phase IN ({PHASES})", name=op.f("ck_processes_phase_valid")),
        sa.CheckConstraint("status IN ('active', 'completed', 'stopped')",
                           name=op.f("ck_processes_status_valid")),
        sa.CheckConstraint("ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
                           name=op.f("ck_processes_ended_after_started")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"],
                                name=op.f("fk_processes_theme_id_themes")),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"],
                                name=op.f("fk_processes_network_id_networks"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["responsible_user_id"], ["users.id"],
                                name=op.f("fk_processes_responsible_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processes")),
        sa.UniqueConstraint("slug", name=op.f("uq_processes_slug")),
    )
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processes_theme_id"), ["theme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_processes_network_id"), ["network_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_processes_phase"), ["phase"], unique=False)
        batch_op.create_index(batch_op.f("ix_processes_status"), ["status"], unique=False)

    op.create_table(
        "process_phase_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("from_phase", sa.String(length=20), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(f"phase IN ({PHASES})",
                           name=op.f("ck_process_phase_changes_phase_valid")),
        sa.CheckConstraint(f"from_phase IS NULL OR from_phase IN ({PHASES})",
                           name=op.f("ck_process_phase_changes_from_phase_valid")),
        sa.ForeignKeyConstraint(["process_id"], ["processes.id"],
                                name=op.f("fk_process_phase_changes_process_id_processes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_process_phase_changes_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_phase_changes")),
    )
    with op.batch_alter_table("process_phase_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_process_phase_changes_process_id"), ["process_id"],
                              unique=False)

    op.create_table(
        "process_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("buys_separately", sa.Boolean(), nullable=False),
        sa.Column("joined_in_phase", sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('need_owner', 'lead', 'observer')",
                           name=op.f("ck_process_participants_role_valid")),
        sa.CheckConstraint(f"joined_in_phase IN ({PHASES})",
                           name=op.f("ck_process_participants_joined_in_phase_valid")),
        sa.CheckConstraint("left_on IS NULL OR left_on >= joined_on",
                           name=op.f("ck_process_participants_left_after_joined")),
        sa.ForeignKeyConstraint(["process_id"], ["processes.id"],
                                name=op.f("fk_process_participants_process_id_processes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"],
            name=op.f("fk_process_participants_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_participants")),
    )
    with op.batch_alter_table("process_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_process_participants_process_id"), ["process_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_process_participants_organization_id"),
                              ["organization_id"], unique=False)
        batch_op.create_index("uq_process_participants_open", ["process_id", "organization_id"],
                              unique=True, sqlite_where=sa.text("left_on IS NULL"),
                              postgresql_where=sa.text("left_on IS NULL"))

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_events_process_id"), ["process_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_events_process_id_processes"), "processes",
                                    ["process_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_events_process_id_processes"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_events_process_id"))
        batch_op.drop_column("process_id")
    op.drop_table("process_participants")
    op.drop_table("process_phase_changes")
    op.drop_table("processes")
