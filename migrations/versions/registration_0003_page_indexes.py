"""indexes for the coordinator pages at ten years of data: registrations by organisation
(covering the municipality page's counts), by creation time (the dashboard's week), and
invitations by organisation (its timeline)

Revision ID: registration_0003
Revises: registration_0002
Create Date: 2026-12-02 00:40:00

"""
from alembic import op


revision = 'registration_0003'
down_revision = 'registration_0002'
branch_labels = ('registration_page_indexes',)
depends_on = None


def upgrade():
    op.create_index(
        'ix_registrations_organization_participation',
        'registrations',
        ['organization_id', 'event_id', 'attendance', 'status'],
    )
    op.create_index('ix_registrations_created_at', 'registrations', ['created_at'])
    op.create_index(
        'ix_campaign_recipients_organization',
        'campaign_recipients',
        ['organization_id', 'campaign_id'],
    )


def downgrade():
    op.drop_index('ix_campaign_recipients_organization', table_name='campaign_recipients')
    op.drop_index('ix_registrations_created_at', table_name='registrations')
    op.drop_index('ix_registrations_organization_participation', table_name='registrations')
