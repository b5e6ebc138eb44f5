"""mail: campaigns, campaign recipients, outbox claim token and campaign link

Revision ID: mail_0001
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types

revision = "mail_0001"
down_revision = "0001_core"
branch_labels = ("mail",)
depends_on = None


def upgrade():
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("recipients_spec", sa.JSON(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=True),
        sa.Column("opted_out_count", sa.Integer(), nullable=False),
        sa.Column("orgs_without_contacts", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("scheduled_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'scheduled', 'sent')",
                           name=op.f("ck_campaigns_status_valid")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_campaigns_event_id_events"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_campaigns_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaigns_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaigns_scheduled_at"), ["scheduled_at"],
                              unique=False)

    op.create_table(
        "campaign_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("response", sa.String(length=10), nullable=False),
        sa.Column("responded_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("response_via", sa.String(length=10), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.CheckConstraint("response IN ('none', 'accepted', 'declined', 'tentative')",
                           name=op.f("ck_campaign_recipients_response_valid")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_campaign_recipients_campaign_id_campaigns"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"],
                                name=op.f("fk_campaign_recipients_contact_id_contacts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_campaign_recipients_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_recipients")),
        sa.UniqueConstraint("campaign_id", "contact_id", name="uq_campaign_recipients_contact"),
    )
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_recipients_response", ["campaign_id", "response"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_recipients_contact_id"), ["contact_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_recipients_message_id"), ["message_id"],
                              unique=False)

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_messages_campaign_id"), ["campaign_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_outbox_messages_campaign_id_campaigns"),
                                    "campaigns", ["campaign_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_messages_campaign_id_campaigns"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_campaign_id"))
        batch_op.drop_column("campaign_id")
        batch_op.drop_column("claim_token")
    op.drop_table("campaign_recipients")
    op.drop_table("campaigns")
