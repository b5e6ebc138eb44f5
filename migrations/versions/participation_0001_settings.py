"""participation settings (size classes, small limit)

Revision ID: participation_0001
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa

revision = "participation_0001"
down_revision = "0001_core"
branch_labels = ("participation",)
depends_on = None


def upgrade():
    op.create_table(
        "participation_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("small_limit", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_participation_settings_single_row")),
        sa.CheckConstraint("small_limit > 0",
                           name=op.f("ck_participation_settings_small_limit_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_settings")),
    )


def downgrade():
    op.drop_table("participation_settings")
