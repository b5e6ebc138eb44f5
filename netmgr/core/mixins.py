from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped, mapped_column

from .timeutil import utcnow
from .types import UTCDateTime


class TimestampMixin:
    #: When the row was created (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: When the row was last changed (UTC)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
