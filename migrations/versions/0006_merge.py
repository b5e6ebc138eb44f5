"""merge the branches of the third round into one head (plain `netmgr db upgrade` works again)

Revision ID: 0006_merge
Revises: campaigns_0001_invitation_text, processes_0002, registration_0003
"""

revision = "0006_merge"
down_revision = ("campaigns_0001_invitation_text", "processes_0002", "registration_0003")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
