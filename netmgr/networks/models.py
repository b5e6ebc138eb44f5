from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin, period_rules
from ..extensions import db
from ..organizations.models import HasMembersMixin, OrganizationPeriodMixin

#: Themes the first migration creates; more can be added as rows
DEFAULT_THEMES = {
    "buildings": ("Bygg og anlegg", "Bygg og anlegg", "Buildings"),
    "welfare_technology": ("Velferdsteknologi", "Velferdsteknologi", "Welfare technology"),
    "digital_solutions": ("Digitale løsninger", "Digitale løysingar", "Digital solutions"),
    "climate_environment": ("Klima og miljø", "Klima og miljø", "Climate and environment"),
    "mobility": ("Mobilitet og transport", "Mobilitet og transport", "Mobility and transport"),
}


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable identifier used in the API and in URLs (``welfare_technology``)
    slug: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    #: Name in bokmål
    name_nb: Mapped[str] = mapped_column(String(120), nullable=False)
    #: Name in nynorsk
    name_nn: Mapped[str] = mapped_column(String(120), nullable=False)
    #: Name in English
    name_en: Mapped[str] = mapped_column(String(120), nullable=False)

    def name_for(self, language: str) -> str:
        return {"nn": self.name_nn, "en": self.name_en}.get(language, self.name_nb)


class Network(HasMembersMixin, TimestampMixin, db.Model):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, unique (``velferdsteknologi``)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    #: Display name
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: Theme of the network
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), nullable=False, index=True)
    #: Description shown on the public network page
    description: Mapped[str | None] = mapped_column(Text)
    #: Inactive networks are hidden from public lists but keep their history
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    theme: Mapped[Theme] = relationship(lazy="joined")
    memberships: Mapped[list[NetworkMembership]] = relationship(
        back_populates="network", cascade="all, delete-orphan"
    )


class NetworkMembership(OrganizationPeriodMixin, db.Model):
    __tablename__ = "network_memberships"
    # At most one open membership per organisation and network; closed ones are history.
    __table_args__ = period_rules("network_memberships", "network_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The network
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), nullable=False, index=True
    )

    network: Mapped[Network] = relationship(back_populates="memberships")
