"""outbox rows composed when sent (renderer, render_args)

Revision ID: mail_0002
Revises: 0004_official_email
Create Date: 2026-12-01 21:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'mail_0002'
down_revision = '0004_official_email'
branch_labels = ('mail_deferred',)
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renderer', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('render_args', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('render_args')
        batch_op.drop_column('renderer')
