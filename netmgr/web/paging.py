"""Paging of SQLAlchemy selects (LIMIT/OFFSET plus one COUNT)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and a few around the current one; None is a gap."""
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def parse_page(value) -> int:
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def paginate(stmt, page: int, per_page: int = 20, scalars: bool = True) -> Page:
    """Run ``stmt`` for one page; the total comes from a COUNT over the same select."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    result = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
    items = list(result.scalars().unique() if scalars else result.all())
    return Page(items=items, page=page, per_page=per_page, total=total)
