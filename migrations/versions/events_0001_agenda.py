"""events get a programme (agenda), plain text

Revision ID: events_0001_agenda
Revises: 0005_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "events_0001_agenda"
down_revision = "0005_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agenda", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("agenda")
