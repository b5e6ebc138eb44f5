"""CSV import of group memberships: ``group``, ``kind``, ``organization``, ``joined_on``.

A group is found by slug or exact name and created (with that kind) when it is new; an
organisation by municipality number, 9-digit organisation number or exact name. The file is
checked as a whole first: one bad row and nothing is written (all-or-nothing)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..core.errors import ServiceError
from ..extensions import db
from ..organizations.models import Organization
from ..web.inputs import single_line
from . import services
from .models import GROUP_KINDS, Group, GroupMembership

COLUMNS = ("group", "kind", "organization", "joined_on")


@dataclass
class ImportReport:
    rows: int = 0
    groups_new: list[str] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.groups_new)} groups added, {len(self.added)} memberships added, "
            f"{self.unchanged} unchanged"
        )


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (Excel in Norway)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def slugify(name: str) -> str:
    name = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:80] or "gruppe"


def _organization(value: str) -> Organization | None:
    digits = re.sub(r"\s", "", value)
    if digits.isdigit() and len(digits) == 4:
        column = Organization.municipality_number
    elif digits.isdigit() and len(digits) == 9:
        column = Organization.org_number
    else:
        return db.session.scalar(
            select(Organization).where(func.lower(Organization.name) == value.lower())
        )
    return db.session.scalar(select(Organization).where(column == digits))


def _reader(text: str):
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def import_memberships(raw: bytes, *, dry_run: bool = False) -> ImportReport:
    """Check every row, then (unless ``dry_run`` or any error) add groups and memberships.
    Flushes; the caller commits or rolls back."""
    report = ImportReport()
    reader = _reader(decode(raw))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        report.errors.append((1, "missing column(s): " + ", ".join(missing)))
        return report
    reader.fieldnames = header
    planned: list[tuple[int, str, str, Organization, dt.date]] = []
    kinds: dict[str, str] = {}
    seen: set[tuple[str, int]] = set()
    for line, row in enumerate(reader, start=2):
        report.rows += 1
        group_name = (row.get("group") or "").strip()
        kind = (row.get("kind") or "").strip()
        org_value = (row.get("organization") or "").strip()
        joined = (row.get("joined_on") or "").strip()
        if not group_name:
            report.errors.append((line, "group is empty"))
            continue
        if not single_line(group_name) or len(group_name) > 200:
            report.errors.append((line, "group: one line of at most 200 characters"))
            continue
        if kind not in GROUP_KINDS:
            report.errors.append((line, f"kind must be one of {', '.join(GROUP_KINDS)}"))
            continue
        if kinds.setdefault(group_name, kind) != kind:
            report.errors.append((line, f"group {group_name!r} has another kind above"))
            continue
        org = _organization(org_value) if org_value else None
        if org is None:
            report.errors.append((line, f"unknown organization {org_value!r}"))
            continue
        try:
            joined_on = dt.date.fromisoformat(joined) if joined else services.today()
        except ValueError:
            report.errors.append((line, f"joined_on {joined!r} is not a date (YYYY-MM-DD)"))
            continue
        if (group_name, org.id) in seen:
            report.errors.append((line, f"{org.name} is listed twice for {group_name!r}"))
            continue
        seen.add((group_name, org.id))
        planned.append((line, group_name, kind, org, joined_on))
    if report.errors:
        return report
    groups: dict[str, Group] = {}
    for line, group_name, kind, org, joined_on in planned:
        group = groups.get(group_name) or _find_group(group_name)
        if group is None:
            report.groups_new.append(group_name)
            group = Group(name=group_name, slug=slugify(group_name), kind=kind)
            if not dry_run:
                try:
                    group = services.create_group(
                        {"name": group_name, "slug": group.slug, "kind": kind}
                    )
                except ServiceError as exc:
                    report.errors.append((line, _messages(exc)))
                    return report
        groups[group_name] = group
        if group.id is not None and _open_since(group, org) is not None:
            report.unchanged += 1
            continue
        report.added.append((group_name, org.name))
        if dry_run:
            continue
        try:
            services.add_member(group, org, joined_on=joined_on)
        except ServiceError as exc:
            report.errors.append((line, _messages(exc)))
    return report


def _messages(exc: ServiceError) -> str:
    return "; ".join(f"{name}: {m}" for name, ms in exc.errors.items() for m in ms)


def _find_group(name: str) -> Group | None:
    return services.group_by_slug(name) or db.session.scalar(
        select(Group).where(func.lower(Group.name) == name.lower())
    )


def _open_since(group: Group, org: Organization):
    return db.session.scalar(
        select(GroupMembership.joined_on).where(
            GroupMembership.group_id == group.id,
            GroupMembership.organization_id == org.id,
            GroupMembership.left_on.is_(None),
        )
    )
