from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.mixins import TimestampMixin
from ..core.timeutil import utcnow
from ..core.types import UTCDateTime, one_of
from ..extensions import db

ROLES = ("coordinator", "admin")
TOKEN_PREFIX = "nm_"


def hash_token(token: str) -> str:
    """Tokens are 256-bit random, so one SHA-256 round is enough (no password stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Sign-in address, lower case
    email: Mapped[str] = mapped_column(
        String(254), unique=True, nullable=False, info={"personal": "staff"}
    )
    #: Display name
    name: Mapped[str] = mapped_column(
        String(200), nullable=False, default="", info={"personal": "staff"}
    )
    #: coordinator or admin (an admin is also a coordinator)
    role: Mapped[str] = mapped_column(String(12), nullable=False, default="coordinator")
    #: scrypt hash from werkzeug
    password_hash: Mapped[str | None] = mapped_column(String(256))
    #: Deactivated users cannot sign in or use tokens
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    #: Last successful sign-in
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")
    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def has_role(self, role: str) -> bool:
        return self.role == "admin" or self.role == role


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Owner; the token acts with the owner's role
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: SHA-256 of the token; the token itself is shown once and never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: First characters, to tell tokens apart in lists
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    #: Label chosen by the owner
    name: Mapped[str | None] = mapped_column(String(100))
    #: When it was made
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: Last request made with it
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Revoked tokens are refused
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @classmethod
    def issue(cls, user: User, name: str | None = None) -> tuple[ApiToken, str]:
        """Create a token; returns the row and the secret (to show once)."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = cls(user=user, token_hash=hash_token(secret), prefix=secret[:10], name=name)
        db.session.add(row)
        return row, secret


class UserSession(db.Model):
    """One signed-in browser. The cookie holds a random secret; only its hash is stored here,
    so deleting the row ends that session however many copies of the cookie exist."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who is signed in
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: SHA-256 of the secret in the session cookie
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: How the user signed in: password or oidc
    method: Mapped[str] = mapped_column(String(12), nullable=False, default="password")
    #: When the user signed in
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: Last request seen (written at most once a minute); the idle limit counts from here
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    __table_args__ = (one_of("method", ("password", "oidc")),)

    user: Mapped[User] = relationship(back_populates="sessions")


class SignInFailure(db.Model):
    """A wrong password (or unknown address), kept for the throttling window only.

    Both keys are SHA-256 hashes, so the table never holds a typed address or a client IP in
    clear; unknown and known addresses are counted alike (no account enumeration)."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_account_at", "account_key", "at"),
        Index("ix_sign_in_failures_pair_at", "account_key", "address_key", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the lower-case address that was typed
    account_key: Mapped[str] = mapped_column(String(64), nullable=False)
    #: SHA-256 of the client address the attempt came from
    address_key: Mapped[str] = mapped_column(String(64), nullable=False)
    #: When the attempt failed
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class PasswordReset(db.Model):
    """A password-reset link sent by mail: single use, expiring, only the hash is stored."""

    __tablename__ = "password_resets"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose password the link resets
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: SHA-256 of the secret in the link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: When it was asked for
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: The link is refused after this
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: Set when the link was used (or made void by a newer password); refused afterwards
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
