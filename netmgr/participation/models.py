"""Admin-configurable settings of the participation figures (size classes, "small")."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: Lower bounds of the default size classes (SSB-style): <2,000; 2,000–4,999; … 50,000+
DEFAULT_THRESHOLDS = (2000, 5000, 10000, 20000, 50000)


class ParticipationSettings(db.Model):
    """At most one row; without a row the defaults apply."""

    __tablename__ = "participation_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("small_limit > 0", name="small_limit_positive"),
    )

    #: Always 1 (a single settings row)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    #: Ascending population lower bounds of the size classes after the first (JSON list of ints)
    thresholds: Mapped[list[int]] = mapped_column(JSON, nullable=False)
    #: A municipality is "small" below this population (SSB: 5,000)
    small_limit: Mapped[int] = mapped_column(Integer, nullable=False)
