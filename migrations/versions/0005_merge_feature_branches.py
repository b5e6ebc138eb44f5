"""merge the feature branches of the second round into one head

Revision ID: 0005_merge
Revises: auth_0001, groups_0002, mail_0002, organizations_0001, privacy_0001, processes_0001, production_0001, registration_0001
"""

revision = "0005_merge"
down_revision = (
    "auth_0001",
    "groups_0002",
    "mail_0002",
    "organizations_0001",
    "privacy_0001",
    "processes_0001",
    "production_0001",
    "registration_0001",
)
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
