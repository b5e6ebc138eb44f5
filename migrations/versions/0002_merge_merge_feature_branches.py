"""merge feature branches

Revision ID: 0002_merge
Revises: calendars_0002, mail_0001, participation_0001, scheduler_0001
Create Date: 2026-11-27 22:11:37.253552

"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types


# revision identifiers, used by Alembic.
revision = '0002_merge'
down_revision = ('calendars_0002', 'mail_0001', 'participation_0001', 'scheduler_0001')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
