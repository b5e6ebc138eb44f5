"""Joint processes (felles prosesser): several need owners behind one need, each buying alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin, period_rules
from ..core.types import UTCDateTime, one_of
from ..extensions import db
from ..networks.models import Network, Theme
from ..organizations.models import OrganizationPeriodMixin

#: Phases in order: behovskartlegging, markedsdialog, konkurranse, kontrakt og gjennomføring,
#: gevinstrealisering og erfaringsdeling
PHASES = ("needs", "market_dialogue", "competition", "contract", "follow_up")
STATUSES = ("active", "completed", "stopped")
#: need_owner (stands behind the need), lead (coordinates, often the host), observer
ROLES = ("need_owner", "lead", "observer")
#: active (takes part); pending (accepted an invitation to join, waits for the coordinator)
PARTICIPANT_STATUSES = ("active", "pending")
#: Fewer inhabitants than this is a small municipality (SSB's definition)
SMALL_LIMIT = 5000


def phase_index(phase: str) -> int:
    return PHASES.index(phase)


class Process(TimestampMixin, db.Model):
    __tablename__ = "processes"
    __table_args__ = (
        one_of("phase", PHASES),
        one_of("status", STATUSES),
        CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name="ended_after_started",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, unique (``nattilsyn-innlandet``)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    #: Title shown on every page
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: Plain-text description of the need and the plan
    description: Mapped[str | None] = mapped_column(Text)
    #: Theme of the need, if any
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    #: The network the process grew from, if any
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="SET NULL"), index=True
    )
    #: Current phase (one of PHASES); every change is a ProcessPhaseChange row
    phase: Mapped[str] = mapped_column(String(20), default="needs", nullable=False, index=True)
    #: active, completed or stopped
    status: Mapped[str] = mapped_column(String(12), default="active", nullable=False, index=True)
    #: Shown on the public pages and in the public API; false until published
    public: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    #: When the process was first published
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Coordinator responsible for the process
    responsible_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: First day of the process
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Last day of the process (completed or stopped)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    theme: Mapped[Theme | None] = relationship(lazy="joined")
    network: Mapped[Network | None] = relationship(lazy="joined")
    responsible_user = relationship("User")
    phase_changes: Mapped[list[ProcessPhaseChange]] = relationship(
        back_populates="process",
        cascade="all, delete-orphan",
        order_by="(ProcessPhaseChange.changed_on, ProcessPhaseChange.id)",
    )
    participants: Mapped[list[ProcessParticipant]] = relationship(
        back_populates="process", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"<Process {self.id} {self.slug!r} {self.phase}>"


class ProcessPhaseChange(db.Model):
    """One step on the process's timeline (the first row is the phase it started in)."""

    __tablename__ = "process_phase_changes"
    __table_args__ = (
        one_of("phase", PHASES),
        CheckConstraint(
            "from_phase IS NULL OR from_phase IN (" + ", ".join(f"'{p}'" for p in PHASES) + ")",
            name="from_phase_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The process
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: Phase entered
    phase: Mapped[str] = mapped_column(String(20), nullable=False)
    #: Phase left; empty for the first row
    from_phase: Mapped[str | None] = mapped_column(String(20))
    #: Day the phase began (as the coordinator dates it)
    changed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: When the change was recorded (UTC)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: Who recorded it; empty for the CLI and demo data
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Short note (why, what was decided)
    note: Mapped[str | None] = mapped_column(Text)

    process: Mapped[Process] = relationship(back_populates="phase_changes")
    user = relationship("User")


class ProcessParticipant(OrganizationPeriodMixin, db.Model):
    """An organisation in a process; leaving sets ``left_on``, joining again adds a row."""

    __tablename__ = "process_participants"
    __table_args__ = (
        one_of("role", ROLES),
        one_of("joined_in_phase", PHASES),
        one_of("status", PARTICIPANT_STATUSES),
        # At most one open row per organisation and process; closed ones are history.
        *period_rules("process_participants", "process_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The process
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: need_owner, lead or observer
    role: Mapped[str] = mapped_column(String(12), nullable=False)
    #: Buys on its own after the joint dialogue (the usual case)
    buys_separately: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    #: Phase of the process when the organisation joined
    joined_in_phase: Mapped[str] = mapped_column(String(20), nullable=False)
    #: active, or pending: joined through an invitation and waits for the coordinator's
    #: approval (counts nowhere until approved)
    status: Mapped[str] = mapped_column(
        String(10), default="active", server_default="active", nullable=False
    )

    process: Mapped[Process] = relationship(back_populates="participants")

    def is_current(self, on: dt.date) -> bool:
        return self.status == "active" and self.is_active(on)
