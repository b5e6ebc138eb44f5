"""contacts can be deactivated and one of them marked as the organisation's main contact

Revision ID: organizations_0001
Revises: 0004_official_email
"""

import sqlalchemy as sa
from alembic import op

revision = "organizations_0001"
down_revision = "0004_official_email"
branch_labels = ("organizations",)
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("is_main", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_contacts_main_contact_active"), "NOT is_main OR active"
        )
    op.create_index(
        "uq_contacts_main_per_organization",
        "contacts",
        ["organization_id"],
        unique=True,
        sqlite_where=sa.text("is_main"),
        postgresql_where=sa.text("is_main"),
    )


def downgrade():
    op.drop_index("uq_contacts_main_per_organization", table_name="contacts")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contacts_main_contact_active"), type_="check")
        batch_op.drop_column("is_main")
        batch_op.drop_column("active")
