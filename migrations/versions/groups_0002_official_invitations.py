"""campaign recipients: kind contact/official; official ones have an address, no contact yet

Revision ID: groups_0002
Revises: groups_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "groups_0002"
down_revision = "groups_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="contact", nullable=False)
        )
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.alter_column("contact_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            batch_op.f("ck_campaign_recipients_kind_valid"), "kind IN ('contact', 'official')"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_campaign_recipients_contact_has_person"),
            "kind = 'official' OR contact_id IS NOT NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_campaign_recipients_official_has_address"),
            "kind = 'contact' OR (email IS NOT NULL AND organization_id IS NOT NULL)",
        )
        batch_op.create_index(
            "uq_campaign_recipients_official",
            ["campaign_id", "organization_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'official'"),
            postgresql_where=sa.text("kind = 'official'"),
        )


def downgrade():
    op.execute("DELETE FROM campaign_recipients WHERE kind = 'official'")
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.drop_index("uq_campaign_recipients_official")
        batch_op.drop_constraint(
            batch_op.f("ck_campaign_recipients_official_has_address"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("ck_campaign_recipients_contact_has_person"), type_="check"
        )
        batch_op.drop_constraint(batch_op.f("ck_campaign_recipients_kind_valid"), type_="check")
        batch_op.drop_column("email")
        batch_op.drop_column("kind")
        batch_op.alter_column("contact_id", existing_type=sa.Integer(), nullable=False)
