"""covering index for participation reports

Revision ID: 0003_participation_index
Revises: 0002_merge
"""
from alembic import op

revision = "0003_participation_index"
down_revision = "0002_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index("ix_registrations_participation",
                              ["event_id", "organization_id", "attendance", "status"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_registrations_participation")
