"""privacy: retention settings, access requests, notice version on registrations

Revision ID: privacy_0001
Revises: 0003_participation_index
"""
from alembic import op
import sqlalchemy as sa

from netmgr.core.types import UTCDateTime

revision = "privacy_0001"
down_revision = "0003_participation_index"
branch_labels = ("privacy",)
depends_on = None


def upgrade():
    op.create_table(
        "privacy_retention_settings",
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "amount >= 0", name=op.f("ck_privacy_retention_settings_amount_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"],
            name=op.f("fk_privacy_retention_settings_updated_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("rule", name=op.f("pk_privacy_retention_settings")),
    )
    op.create_table(
        "privacy_access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "expires_at > created_at",
            name=op.f("ck_privacy_access_requests_expires_after_created"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_access_requests")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_privacy_access_requests_token_hash")),
    )
    with op.batch_alter_table("privacy_access_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_privacy_access_requests_expires_at"), ["expires_at"], unique=False
        )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("privacy_notice_version", sa.String(length=20)))
        batch_op.add_column(sa.Column("privacy_notice_shown_at", UTCDateTime()))


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("privacy_notice_shown_at")
        batch_op.drop_column("privacy_notice_version")
    with op.batch_alter_table("privacy_access_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_access_requests_expires_at"))
    op.drop_table("privacy_access_requests")
    op.drop_table("privacy_retention_settings")
