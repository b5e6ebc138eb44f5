"""Groups: regional procurement cooperations (innkjøpssamarbeid), regional councils
(regionråd) and other groupings of organisations, apart from LUP's thematic networks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin
from ..core.types import one_of
from ..extensions import db
from ..organizations.models import Organization

GROUP_KINDS = ("procurement_cooperation", "regional_council", "other")


class Group(TimestampMixin, db.Model):
    __tablename__ = "groups"
    __table_args__ = (
        one_of("kind", GROUP_KINDS),
        CheckConstraint(
            "website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%'",
            name="website_http",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, unique (``innherred-innkjop``)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    #: Display name
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: procurement_cooperation, regional_council or other
    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    #: The organisation that hosts the group (e.g. buys on behalf of the others)
    host_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )
    #: Free description for coordinators
    description: Mapped[str | None] = mapped_column(Text)
    #: The group's own website, http or https
    website: Mapped[str | None] = mapped_column(String(300))

    host_organization: Mapped[Organization | None] = relationship(lazy="joined")
    memberships: Mapped[list[GroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    def current_members(self, on: dt.date | None = None) -> list[Organization]:
        on = on or dt.date.today()
        return sorted(
            (m.organization for m in self.memberships if m.is_active(on)), key=lambda o: o.name
        )


class GroupMembership(db.Model):
    __tablename__ = "group_memberships"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
        # At most one open membership per organisation and group; closed ones are history.
        Index(
            "uq_group_memberships_open",
            "group_id",
            "organization_id",
            unique=True,
            sqlite_where=text("left_on IS NULL"),
            postgresql_where=text("left_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The group
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: The member organisation
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id"), nullable=False, index=True
    )
    #: First day of membership
    joined_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: Last day of membership; empty while the organisation is a member
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    group: Mapped[Group] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(lazy="joined")

    def is_active(self, on: dt.date) -> bool:
        return self.joined_on <= on and (self.left_on is None or self.left_on >= on)
