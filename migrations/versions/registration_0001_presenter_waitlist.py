"""presenter waiting list: an attendee's presentation request waiting for a slot

Revision ID: registration_0001
Revises: 0004_official_email
Create Date: 2026-12-01 21:40:00

"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types


revision = 'registration_0001'
down_revision = '0004_official_email'
branch_labels = ('registration_presenter_waitlist',)
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('presenter_waitlisted_at', netmgr.core.types.UTCDateTime(), nullable=True)
        )
        batch_op.create_check_constraint(
            op.f('ck_registrations_presenter_waitlist_attendee'),
            "presenter_waitlisted_at IS NULL OR (role = 'attendee' AND solution_title IS NOT NULL)",
        )


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_registrations_presenter_waitlist_attendee'), type_='check')
        batch_op.drop_column('presenter_waitlisted_at')
