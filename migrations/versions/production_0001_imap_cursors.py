"""IMAP reader position per mailbox folder (calendar replies)

Revision ID: production_0001
Revises:
Depends on: 0003_participation_index
"""
from alembic import op
import sqlalchemy as sa

from netmgr.core.types import UTCDateTime

revision = "production_0001"
down_revision = "0003_participation_index"
branch_labels = ("production",)
depends_on = None


def upgrade():
    op.create_table(
        "imap_cursors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox", sa.String(length=400), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("last_uid >= 0", name=op.f("ck_imap_cursors_last_uid_not_negative")),
        sa.CheckConstraint("uidvalidity > 0", name=op.f("ck_imap_cursors_uidvalidity_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imap_cursors")),
        sa.UniqueConstraint("mailbox", name=op.f("uq_imap_cursors_mailbox")),
    )


def downgrade():
    op.drop_table("imap_cursors")
