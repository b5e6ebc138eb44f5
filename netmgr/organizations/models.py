from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..core.mixins import PeriodMixin, TimestampMixin
from ..core.types import UTCDateTime, one_of, partial_unique
from ..extensions import db

ORG_KINDS = ("municipality", "county", "state_agency", "supplier", "other")
WRITTEN_STANDARDS = ("nb", "nn", "neutral")
LANGUAGES = ("nb", "nn", "en")


class Organization(TimestampMixin, db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        one_of("kind", ORG_KINDS),
        one_of("written_standard", WRITTEN_STANDARDS),
        CheckConstraint(
            "kind <> 'municipality' OR municipality_number IS NOT NULL",
            name="municipality_has_number",
        ),
        CheckConstraint(
            "municipality_number IS NULL OR length(municipality_number) = 4",
            name="municipality_number_length",
        ),
        CheckConstraint("org_number IS NULL OR length(org_number) = 9", name="org_number_length"),
        CheckConstraint(
            "county_number IS NULL OR length(county_number) = 2", name="county_number_length"
        ),
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: municipality, county, state_agency, supplier or other
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    #: Official name (Norwegian)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    #: 4-digit kommunenummer, text because of leading zeros (0301)
    municipality_number: Mapped[str | None] = mapped_column(String(4), unique=True)
    #: 9-digit organisasjonsnummer, normalised (digits only)
    org_number: Mapped[str | None] = mapped_column(String(9), unique=True)
    #: 2-digit fylkesnummer; for a county its own number, for a municipality its county's
    county_number: Mapped[str | None] = mapped_column(String(2), index=True)
    #: The county organisation a municipality belongs to
    county_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: Inhabitants (municipalities: 1 January of the registry year)
    population: Mapped[int | None] = mapped_column(Integer)
    #: Area in km²
    area_km2: Mapped[float | None] = mapped_column(Float)
    #: Official written standard: nb, nn or neutral
    written_standard: Mapped[str | None] = mapped_column(String(8))
    #: Official Sámi or Kven name, if any
    sami_name: Mapped[str | None] = mapped_column(String(200))
    #: Administrative centre
    admin_centre: Mapped[str | None] = mapped_column(String(200))
    #: Website without scheme
    website: Mapped[str | None] = mapped_column(String(200))
    #: The organisation's official address (postmottak): invitations go here when no contact
    #: can be reached; validated with email-validator by the services
    official_email: Mapped[str | None] = mapped_column(String(254))
    #: False once a municipality has left the registry (merged or split); history stays
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    county: Mapped[Organization | None] = relationship(remote_side=[id])
    contacts: Mapped[list[Contact]] = relationship(back_populates="organization")

    @property
    def display_name(self) -> str:
        return f"{self.name} – {self.sami_name}" if self.sami_name else self.name

    def __repr__(self):
        return f"<Organization {self.id} {self.kind} {self.name!r}>"


class Contact(TimestampMixin, db.Model):
    __tablename__ = "contacts"
    __table_args__ = (
        one_of("language", LANGUAGES),
        # The main contact is someone LUP can reach: a deactivated person cannot be it.
        CheckConstraint("NOT is_main OR active", name="main_contact_active"),
        # At most one main contact per organisation.
        partial_unique("uq_contacts_main_per_organization", "organization_id", where="is_main"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The organisation the person works for
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id"), nullable=False, index=True
    )
    #: Full name
    name: Mapped[str] = mapped_column(String(200), nullable=False, info={"personal": "contact"})
    #: E-mail address, normalised to lower case; one contact per address
    email: Mapped[str] = mapped_column(
        String(254), nullable=False, unique=True, info={"personal": "contact"}
    )
    #: Phone number as given
    phone: Mapped[str | None] = mapped_column(String(40), info={"personal": "contact"})
    #: Role or job title
    title: Mapped[str | None] = mapped_column(String(200), info={"personal": "contact"})
    #: Preferred language (nb, nn, en); empty means "from the organisation"
    language: Mapped[str | None] = mapped_column(String(2))
    #: Asked not to receive invitations
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    #: When the person opted out
    opted_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Free-text note for coordinators
    note: Mapped[str | None] = mapped_column(Text, info={"personal": "contact"})
    #: False once the person has left the organisation (kept for history, never invited)
    active: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=text("true"), nullable=False
    )
    #: The organisation's main contact for LUP (at most one per organisation)
    is_main: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), nullable=False
    )

    organization: Mapped[Organization] = relationship(back_populates="contacts")

    @property
    def effective_language(self) -> str:
        """The contact's own choice wins; nynorsk municipalities get nn; everyone else nb."""
        if self.language:
            return self.language
        org = self.organization
        if org is not None and org.written_standard == "nn":
            return "nn"
        return "nb"


class OrganizationPeriodMixin(PeriodMixin):
    """An organisation's period in a network, group or process (the history rows); the
    table adds its owner column and :func:`netmgr.core.mixins.period_rules`."""

    #: The member organisation
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id"), nullable=False, index=True
    )

    @declared_attr
    def organization(cls) -> Mapped[Organization]:
        return relationship(Organization, lazy="joined")


class HasMembersMixin:
    """A network or group: ``memberships`` are its :class:`OrganizationPeriodMixin` rows."""

    def current_members(self, on: dt.date | None = None) -> list[Organization]:
        """The member organisations on ``on`` (default today), by name."""
        on = on or dt.date.today()
        members = (m.organization for m in self.memberships if m.is_active(on))
        return sorted(members, key=lambda o: o.name)
