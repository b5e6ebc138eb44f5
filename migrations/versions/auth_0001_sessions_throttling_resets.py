"""server-side sessions, sign-in throttling, password resets; the per-account lock goes

Revision ID: auth_0001
Revises: 0003_participation_index
"""
from alembic import op
import sqlalchemy as sa
import netmgr.core.types

revision = "auth_0001"
# A branch on the core head (not down_revision=None + depends_on): with depends_on the test
# database records only this head and tests/spine sees a second base.
down_revision = "0003_participation_index"
branch_labels = ("auth",)
depends_on = None


def upgrade():
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("method IN ('password', 'oidc')", name=op.f("ck_user_sessions_method_valid")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_user_sessions_secret_hash")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=False),
        sa.Column("at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index("ix_sign_in_failures_account_at", ["account_key", "at"], unique=False)
        batch_op.create_index("ix_sign_in_failures_pair_at", ["account_key", "address_key", "at"],
                              unique=False)

    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", netmgr.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("expires_at > created_at",
                           name=op.f("ck_password_resets_expires_after_created")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_password_resets_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_user_id"), ["user_id"], unique=False)

    # Plain ALTER (PostgreSQL, SQLite >= 3.35): a batch copy would drop and re-create
    # "users", and with foreign keys on, SQLite would cascade that to tokens and audit rows.
    op.execute("ALTER TABLE users DROP COLUMN failed_logins")
    op.execute("ALTER TABLE users DROP COLUMN locked_until")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", netmgr.core.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.drop_table("password_resets")
    op.drop_table("sign_in_failures")
    op.drop_table("user_sessions")
