"""personal registration links: random tokens stored as SHA-256, expiring after the event

Existing registrations get no link row: their old signed links (readable ids, no expiry) stop
working, and the plain tokens cannot be made from anything stored. The next mail about a
registration carries a new link (issued when the mail is composed); until then the person gets
one by submitting the form again with the same address (the link goes only to that address).

Revision ID: registration_0002
Revises: 0005_merge
Create Date: 2026-12-01 23:50:00

"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types


revision = 'registration_0002'
down_revision = '0005_merge'
branch_labels = ('registration_personal_links',)
depends_on = None


def upgrade():
    op.create_table('registration_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_registration_links_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_registration_links_token_hash'))
    )
    with op.batch_alter_table('registration_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_links_registration_id'), ['registration_id'], unique=False)


def downgrade():
    with op.batch_alter_table('registration_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_links_registration_id'))
    op.drop_table('registration_links')
