"""The municipality registry: an idempotent, all-or-nothing import of the municipality CSV.

The file has the columns of ``netmgr/data/municipalities-2025.csv`` (see the README). Rows are
matched by municipality number. Every row is checked before anything is written; the first
bad row stops the import with its line number. Municipalities missing from a newer file
(merged or split away) are marked inactive, never deleted, so their history stays.

The import loads all existing municipalities and counties with one query and writes with bulk
statements (one INSERT and one UPDATE batch), so it takes the same handful of queries for 357
rows as for 3.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy import insert, select, update

from ..core.counties import COUNTIES
from ..core.timeutil import utcnow
from ..extensions import db
from .models import WRITTEN_STANDARDS, Organization

#: The 15 counties (fylker) valid from 1 January 2024: number -> name

COLUMNS = (
    "number",
    "name",
    "sami_name",
    "county_number",
    "county_name",
    "population",
    "area_km2",
    "admin_centre",
    "written_form",
    "website",
)
REQUIRED_COLUMNS = ("number", "name", "county_number", "population", "written_form")
#: Organisation attributes the import owns (compared to decide "changed")
FIELDS = (
    "name",
    "sami_name",
    "county_number",
    "county_id",
    "population",
    "area_km2",
    "admin_centre",
    "written_standard",
    "website",
    "active",
)

_NUMBER = re.compile(r"^\d{4}$")
_POPULATION = re.compile(r"^\d+$")


class RegistryError(ValueError):
    """A bad row or file; nothing was written."""

    def __init__(self, line: int | None, reason: str):
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}" if line else reason)


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    deactivated: int = 0
    counties_added: int = 0
    counties_changed: int = 0
    counties_unchanged: int = 0
    #: Municipality numbers per outcome (for callers that want to show them)
    added_numbers: list[str] = field(default_factory=list)
    changed_numbers: list[str] = field(default_factory=list)
    deactivated_numbers: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.total} municipalities: {self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.deactivated} deactivated; "
            f"counties: {self.counties_added} added, {self.counties_changed} changed, "
            f"{self.counties_unchanged} unchanged"
        )


def default_csv_path() -> Path:
    """The registry shipped as package data."""
    return Path(str(resources.files("netmgr") / "data" / "municipalities-2025.csv"))


def parse_csv(text: str) -> list[dict]:
    """Check every row; return clean values or raise :class:`RegistryError` at the first bad one."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RegistryError(1, f"missing column(s): {', '.join(missing)}")
    rows: list[dict] = []
    seen: dict[str, int] = {}
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RegistryError(reader.line_num, f"unreadable CSV ({exc})") from None
        line = reader.line_num
        if None in raw:
            raise RegistryError(line, "more fields than the header has columns")
        if all(not (v or "").strip() for v in raw.values()):
            continue  # blank line
        rows.append(_check_row(raw, line, seen))
    if not rows:
        raise RegistryError(None, "the file has no municipalities")
    return rows


def _check_row(raw: dict, line: int, seen: dict[str, int]) -> dict:
    def value(name: str) -> str:
        return (raw.get(name) or "").strip()

    number = value("number")
    if not _NUMBER.match(number):
        raise RegistryError(line, f"municipality number {number!r} is not 4 digits")
    if number in seen:
        raise RegistryError(
            line, f"duplicate municipality number {number} (first on line {seen[number]})"
        )
    seen[number] = line
    name = value("name")
    if not name:
        raise RegistryError(line, f"municipality {number} has no name")
    county = value("county_number")
    if county not in COUNTIES:
        raise RegistryError(line, f"unknown county {county!r}")
    if number[:2] != county:
        raise RegistryError(
            line, f"municipality number {number} does not belong to county {county}"
        )
    county_name = value("county_name")
    if county_name and county_name.casefold() != COUNTIES[county].casefold():
        raise RegistryError(line, f"county {county} is {COUNTIES[county]}, not {county_name!r}")
    population = value("population").replace(" ", "")
    if not _POPULATION.match(population):
        raise RegistryError(line, f"population {value('population')!r} is not a whole number")
    area = value("area_km2")
    try:
        area_km2 = float(area) if area else None
    except ValueError:
        raise RegistryError(line, f"area {area!r} is not a number") from None
    if area_km2 is not None and area_km2 < 0:
        raise RegistryError(line, f"area {area!r} is negative")
    written = value("written_form")
    if written not in WRITTEN_STANDARDS:
        raise RegistryError(
            line, f"written standard {written!r} is not one of {', '.join(WRITTEN_STANDARDS)}"
        )
    return {
        "municipality_number": number,
        "name": name,
        "sami_name": value("sami_name") or None,
        "county_number": county,
        "population": int(population),
        "area_km2": area_km2,
        "admin_centre": value("admin_centre") or None,
        "written_standard": written,
        "website": value("website") or None,
        "active": True,
    }


def read_file(path: str | os.PathLike | None) -> str:
    path = Path(path) if path else default_csv_path()
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RegistryError(None, f"{path} is not UTF-8 text") from None


def import_municipalities(
    path: str | os.PathLike | None = None, *, text: str | None = None
) -> ImportResult:
    """Upsert the registry from a CSV file (default: the packaged one). The caller commits.

    Raises :class:`RegistryError` (and writes nothing) if any row is bad.
    """
    rows = parse_csv(text if text is not None else read_file(path))
    now = utcnow()
    result = ImportResult()

    existing = (
        db.session.execute(
            select(Organization).where(Organization.kind.in_(("municipality", "county")))
        )
        .scalars()
        .all()
    )
    counties = {o.county_number: o for o in existing if o.kind == "county"}
    municipalities = {o.municipality_number: o for o in existing if o.kind == "municipality"}

    # Counties first: one INSERT ... RETURNING for the missing ones, so their ids can be linked.
    county_ids = {number: c.id for number, c in counties.items()}
    new_counties = []
    for number, name in COUNTIES.items():
        county = counties.get(number)
        if county is None:
            new_counties.append(
                {
                    "kind": "county",
                    "name": name,
                    "county_number": number,
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        elif county.name != name or not county.active:
            county.name, county.active = name, True
            result.counties_changed += 1
        else:
            result.counties_unchanged += 1
    if new_counties:
        returned = db.session.execute(
            insert(Organization).returning(Organization.id, Organization.county_number),
            new_counties,
        )
        county_ids.update({number: id_ for id_, number in returned})
        result.counties_added = len(new_counties)
    db.session.flush()

    inserts, updates = [], []
    for row in rows:
        row["county_id"] = county_ids[row["county_number"]]
        current = municipalities.pop(row["municipality_number"], None)
        if current is None:
            inserts.append({**row, "kind": "municipality", "created_at": now, "updated_at": now})
            result.added_numbers.append(row["municipality_number"])
        elif any(getattr(current, f) != row[f] for f in FIELDS):
            updates.append({**row, "id": current.id, "updated_at": now})
            result.changed_numbers.append(row["municipality_number"])
        else:
            result.unchanged += 1
    # Whatever is left was not in the file: merged or split away. Keep it, inactive.
    for number, gone in sorted(municipalities.items()):
        if gone.active:
            updates.append({"id": gone.id, "active": False, "updated_at": now})
            result.deactivated_numbers.append(number)

    if inserts:
        # render_nulls: one executemany, not one batch per pattern of empty fields
        db.session.execute(insert(Organization).execution_options(render_nulls=True), inserts)
    if updates:
        db.session.execute(update(Organization), updates)
    for obj in existing:  # loaded before the bulk UPDATE: reload on next access
        if obj.kind == "municipality":
            db.session.expire(obj)
    result.added = len(result.added_numbers)
    result.changed = len(result.changed_numbers)
    result.deactivated = len(result.deactivated_numbers)
    return result
