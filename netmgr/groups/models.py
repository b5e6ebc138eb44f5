"""Groups: regional procurement cooperations (innkjøpssamarbeid), regional councils
(regionråd) and other groupings of organisations, apart from LUP's thematic networks."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin, period_rules
from ..core.types import one_of
from ..extensions import db
from ..organizations.models import HasMembersMixin, Organization, OrganizationPeriodMixin

GROUP_KINDS = ("procurement_cooperation", "regional_council", "other")


class Group(HasMembersMixin, TimestampMixin, db.Model):
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


class GroupMembership(OrganizationPeriodMixin, db.Model):
    __tablename__ = "group_memberships"
    # At most one open membership per organisation and group; closed ones are history.
    __table_args__ = period_rules("group_memberships", "group_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The group
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True
    )

    group: Mapped[Group] = relationship(back_populates="memberships")
