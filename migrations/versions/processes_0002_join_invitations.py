"""processes: invitations to join (campaigns for a process), pending participants

Revision ID: processes_0002
Revises: 0005_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "processes_0002"
down_revision = "0005_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("process_participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=10), server_default="active", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_process_participants_status_valid"), "status IN ('active', 'pending')"
        )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_campaigns_process_id"), ["process_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_campaigns_process_id_processes"),
            "processes",
            ["process_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.alter_column("event_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            batch_op.f("ck_campaigns_event_or_process"),
            "(event_id IS NULL) <> (process_id IS NULL)",
        )


def downgrade():
    op.execute("DELETE FROM campaigns WHERE process_id IS NOT NULL")
    op.execute("DELETE FROM process_participants WHERE status = 'pending'")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_campaigns_event_or_process"), type_="check")
        batch_op.alter_column("event_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(
            batch_op.f("fk_campaigns_process_id_processes"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_campaigns_process_id"))
        batch_op.drop_column("process_id")
    with op.batch_alter_table("process_participants", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_process_participants_status_valid"), type_="check"
        )
        batch_op.drop_column("status")
