"""Size classes and the "small" limit: admin-configurable, with SSB-style defaults."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, func, literal

from ..core.errors import ServiceError
from ..extensions import db
from .models import DEFAULT_THRESHOLDS, ParticipationSettings


def _n(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


@dataclass(frozen=True)
class SizeClasses:
    """Classes [0, t1), [t1, t2), … [tn, ∞) by population; ``small`` is population < small_limit."""

    thresholds: tuple[int, ...]
    small_limit: int

    def case(self, population):
        pop = func.coalesce(population, 0)
        whens = [(pop < bound, literal(i)) for i, bound in enumerate(self.thresholds)]
        return case(*whens, else_=literal(len(self.thresholds)))

    def bounds(self, index: int) -> tuple[int, int | None]:
        lower = 0 if index == 0 else self.thresholds[index - 1]
        upper = self.thresholds[index] - 1 if index < len(self.thresholds) else None
        return lower, upper

    def key(self, index: int) -> str:
        """Stable API value: ``0-1999``, ``2000-4999`` … ``50000+``."""
        lower, upper = self.bounds(index)
        return f"{lower}+" if upper is None else f"{lower}-{upper}"

    def label(self, index: int) -> str:
        lower, upper = self.bounds(index)
        if index == 0:
            return f"under {_n(self.thresholds[0])}" if self.thresholds else "alle"
        if upper is None:
            return f"{_n(lower)} og over"
        return f"{_n(lower)}–{_n(upper)}"

    def index_of(self, population: int | None) -> int:
        pop = population or 0
        for i, bound in enumerate(self.thresholds):
            if pop < bound:
                return i
        return len(self.thresholds)

    def keys(self) -> list[str]:
        return [self.key(i) for i in range(len(self.thresholds) + 1)]

    def is_small(self, population: int | None) -> bool:
        return (population or 0) < self.small_limit


def get_size_classes() -> SizeClasses:
    row = db.session.get(ParticipationSettings, 1)
    if row is None:
        return SizeClasses(
            DEFAULT_THRESHOLDS, int(current_app.config.get("SMALL_MUNICIPALITY_LIMIT", 5000))
        )
    return SizeClasses(tuple(int(t) for t in row.thresholds), int(row.small_limit))


def parse_thresholds(text: str) -> list[int]:
    try:
        values = [
            int(part.replace("\u00a0", "").replace(" ", "").replace(".", ""))
            for part in text.replace(";", ",").split(",")
            if part.strip()
        ]
    except ValueError:
        raise ServiceError({"thresholds": ["Skriv hele tall skilt med komma."]}) from None
    return values


def save_size_classes(thresholds: list[int], small_limit: int) -> ParticipationSettings:
    """Validate and store the settings (the caller commits)."""
    errors: dict[str, list[str]] = {}
    if not thresholds or len(thresholds) > 12:
        errors["thresholds"] = ["Oppgi mellom 1 og 12 grenser."]
    elif any(not 0 < t < 10**8 for t in thresholds) or thresholds != sorted(set(thresholds)):
        errors["thresholds"] = ["Grensene må være positive og stigende."]
    if not isinstance(small_limit, int) or small_limit <= 0:
        errors["small_limit"] = ["Grensen for små kommuner må være et positivt tall."]
    if errors:
        raise ServiceError(errors)
    row = db.session.get(ParticipationSettings, 1) or ParticipationSettings(id=1)
    row.thresholds = list(thresholds)
    row.small_limit = small_limit
    db.session.add(row)
    return row
