"""organisations get an official address (postmottak)

Revision ID: 0004_official_email
Revises: 0003_participation_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_official_email"
down_revision = "0003_participation_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("official_email", sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("official_email")
