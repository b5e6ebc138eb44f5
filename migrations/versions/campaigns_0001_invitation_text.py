"""campaigns get a subject line and an opening paragraph the coordinator may write

Revision ID: campaigns_0001_invitation_text
Revises: events_0001_agenda
"""

import sqlalchemy as sa
from alembic import op

revision = "campaigns_0001_invitation_text"
down_revision = "events_0001_agenda"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("intro", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("intro")
        batch_op.drop_column("subject")
