"""groups: regional cooperations, councils and other groupings, with membership history

Revision ID: groups_0001
Revises: 0004_official_email
"""

import sqlalchemy as sa
from alembic import op

import netmgr.core.types

revision = "groups_0001"
down_revision = "0004_official_email"
branch_labels = ("groups",)
depends_on = None


def upgrade():
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("host_organization_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('procurement_cooperation', 'regional_council', 'other')",
            name=op.f("ck_groups_kind_valid"),
        ),
        sa.CheckConstraint(
            "website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%'",
            name=op.f("ck_groups_website_http"),
        ),
        sa.ForeignKeyConstraint(
            ["host_organization_id"],
            ["organizations.id"],
            name=op.f("fk_groups_host_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
        sa.UniqueConstraint("slug", name=op.f("uq_groups_slug")),
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_groups_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_groups_host_organization_id"), ["host_organization_id"], unique=False
        )
    op.create_table(
        "group_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "left_on IS NULL OR left_on >= joined_on",
            name=op.f("ck_group_memberships_left_after_joined"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_memberships_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_group_memberships_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_memberships")),
    )
    with op.batch_alter_table("group_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_memberships_group_id"), ["group_id"])
        batch_op.create_index(
            batch_op.f("ix_group_memberships_organization_id"), ["organization_id"]
        )
        batch_op.create_index(
            "uq_group_memberships_open",
            ["group_id", "organization_id"],
            unique=True,
            sqlite_where=sa.text("left_on IS NULL"),
            postgresql_where=sa.text("left_on IS NULL"),
        )


def downgrade():
    op.drop_table("group_memberships")
    op.drop_table("groups")
