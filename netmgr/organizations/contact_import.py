"""Contact import (``netmgr import-contacts`` and the upload page): all or nothing.

Columns: ``organization`` (municipality number, 9-digit organisation number or exact name),
``name``, ``email``, ``title``, ``phone``, ``language`` (nb/nn/en, optional) and
``official_email`` (optional; sets the organisation's official address). Contacts are matched
by e-mail: a known address is updated (empty cells keep what we have), a new one added; the
opt-out is never touched. Every row is checked first; one bad row and nothing is written.

Built for lists of tens of thousands of rows: one query for the organisations, one for the
existing contacts, then one bulk INSERT and one bulk UPDATE (no query per row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from ..core.audit import audit
from ..core.errors import ServiceError
from ..core.timeutil import utcnow
from ..extensions import db
from .models import LANGUAGES, Contact, Organization
from .normalize import CONTROL_CHARACTERS, normalize_email
from .tabular import UnreadableFile, read_table

COLUMNS = ("organization", "name", "email", "title", "phone", "language", "official_email")
REQUIRED = ("organization", "name", "email")
#: Fields an import may change on a known contact
UPDATABLE = ("organization_id", "name", "title", "phone", "language")
MAX_ROWS = 100_000
_LIMITS = {"name": 200, "title": 200, "phone": 40}
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass
class ContactImport:
    dry_run: bool
    rows: int = 0
    #: ``{"line", "email", "name", "organization"}`` per contact to add / update
    added: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    unchanged: int = 0
    #: organisation name -> new official address
    official: dict[str, str] = field(default_factory=dict)
    #: ``(line, reason)`` of every bad row
    errors: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.updated)} updated, {self.unchanged} unchanged"


class _Organizations:
    """Every organisation, looked up by municipality number, organisation number or name."""

    def __init__(self):
        rows = db.session.execute(
            select(
                Organization.id,
                Organization.name,
                Organization.municipality_number,
                Organization.org_number,
                Organization.official_email,
            )
        ).all()
        self.by_number, self.by_name, self.official = {}, {}, {}
        self.names = {}
        for org_id, name, municipality, orgnr, official in rows:
            if municipality:
                self.by_number[municipality] = org_id
            if orgnr:
                self.by_number[orgnr] = org_id
            self.by_name.setdefault(name.strip().casefold(), []).append(org_id)
            self.official[org_id], self.names[org_id] = official, name

    def find(self, text: str) -> int:
        text = text.strip()
        compact = _SEPARATORS.sub("", text)
        if compact.isdigit():
            # Excel drops the leading zero of 0301: three digits are a municipality number too.
            number = compact.zfill(4) if len(compact) == 3 else compact
            if len(number) not in (4, 9):
                raise ValueError(
                    _(
                        "«%(value)s» er verken kommunenummer eller organisasjonsnummer.",
                        value=text,
                    )
                )
            if number not in self.by_number:
                raise ValueError(_("Ingen organisasjon har nummeret %(value)s.", value=number))
            return self.by_number[number]
        found = self.by_name.get(text.casefold(), [])
        if not found:
            raise ValueError(_("Ukjent organisasjon «%(value)s».", value=text))
        if len(found) > 1:
            raise ValueError(
                _("Flere organisasjoner heter «%(value)s»: bruk nummeret.", value=text)
            )
        return found[0]


def _text(row: dict, name: str) -> str | None:
    value = (row.get(name) or "").strip()
    if not value:
        return None
    if name in _LIMITS:
        if CONTROL_CHARACTERS.search(value):
            raise ValueError(
                _("%(column)s: linjeskift og kontrolltegn er ikke tillatt.", column=name)
            )
        if len(value) > _LIMITS[name]:
            raise ValueError(_("%(column)s: høyst %(n)s tegn.", column=name, n=_LIMITS[name]))
    return value


def _check_row(row: dict, orgs: _Organizations) -> dict:
    """The row as contact fields, or ValueError with the reason."""
    if not (row.get("organization") or "").strip():
        raise ValueError(_("organization mangler."))
    org_id = orgs.find(row["organization"])
    name = _text(row, "name")
    if not name:
        raise ValueError(_("name mangler."))
    try:
        email = normalize_email(row.get("email"))
    except ServiceError as exc:
        raise ValueError("email: " + str(exc.errors["email"][0])) from None
    language = (_text(row, "language") or "").lower() or None
    if language is not None and language not in LANGUAGES:
        raise ValueError(_("language må være nb, nn eller en."))
    official = None
    if _text(row, "official_email"):
        try:
            official = normalize_email(row["official_email"], "official_email")
        except ServiceError as exc:
            raise ValueError("official_email: " + str(exc.errors["official_email"][0])) from None
    return {
        "organization_id": org_id,
        "name": name,
        "email": email,
        "title": _text(row, "title"),
        "phone": _text(row, "phone"),
        "language": language,
        "official_email": official,
    }


def _existing_contacts(emails) -> dict[str, dict]:
    """Known contacts by e-mail, in one query over the contacts table."""
    wanted = set(emails)
    columns = (Contact.id, Contact.email, *(getattr(Contact, f) for f in UPDATABLE))
    found = {}
    for row in db.session.execute(select(*columns)).mappings():
        if row["email"] in wanted:
            found[row["email"]] = dict(row)
    return found


def import_contacts(data: bytes, filename: str = "", *, dry_run: bool, user=None) -> ContactImport:
    """Check every row, then (unless a dry run or a bad row) write the contacts in bulk.

    The caller commits (or rolls back after a dry run)."""
    report = ContactImport(dry_run=dry_run)
    try:
        header, rows = read_table(data, filename)
    except UnreadableFile as exc:
        report.errors.append((1, str(exc)))
        return report
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.errors.append((1, _("Kolonner mangler: %(names)s.", names=", ".join(missing))))
        return report
    if len(rows) > MAX_ROWS:
        report.errors.append((1, _("Høyst %(n)s rader per fil.", n=MAX_ROWS)))
        return report
    report.rows = len(rows)
    orgs = _Organizations()
    checked, seen, official_lines = [], {}, {}
    for line, row in rows:
        try:
            values = _check_row(row, orgs)
            if values["email"] in seen:
                raise ValueError(
                    _(
                        "%(email)s står også på linje %(line)s.",
                        email=values["email"],
                        line=seen[values["email"]],
                    )
                )
            official = values.pop("official_email")
            if official is not None:
                first = official_lines.get(values["organization_id"])
                if first is not None and first[1] != official:
                    raise ValueError(
                        _(
                            "Linje %(line)s gir organisasjonen en annen offisiell adresse.",
                            line=first[0],
                        )
                    )
                official_lines[values["organization_id"]] = (line, official)
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            continue
        seen[values["email"]] = line
        checked.append((line, values))
    if report.errors:
        return report
    known = _existing_contacts(seen)
    now = utcnow()
    inserts, updates = [], []
    for line, values in checked:
        shown = {
            "line": line,
            "email": values["email"],
            "name": values["name"],
            "organization": orgs.names[values["organization_id"]],
        }
        current = known.get(values["email"])
        if current is None:
            inserts.append(
                {
                    **values,
                    "opted_out": False,
                    "active": True,
                    "is_main": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            report.added.append(shown)
            continue
        changes = {
            k: v for k, v in values.items() if k in UPDATABLE and v is not None and v != current[k]
        }
        if not changes:
            report.unchanged += 1
            continue
        if "organization_id" in changes:
            changes["is_main"] = False  # a main contact of the old organisation no longer is
        updates.append({"id": current["id"], **changes, "updated_at": now})
        report.updated.append(shown)
    for org_id, (_line, official) in official_lines.items():
        if orgs.official[org_id] != official:
            report.official[orgs.names[org_id]] = official
    if dry_run:
        return report
    if inserts:
        db.session.execute(insert(Contact), inserts)
    # Bulk UPDATE by primary key groups rows with the same set of columns into executemany.
    if updates:
        db.session.execute(update(Contact), updates)
    for org_id, (_line, official) in official_lines.items():
        if orgs.official[org_id] != official:
            db.session.execute(
                update(Organization)
                .where(Organization.id == org_id)
                .values(official_email=official)
            )
    audit(
        "contact.imported",
        None,
        user=user,
        added=len(inserts),
        updated=len(updates),
        unchanged=report.unchanged,
        official=len(report.official),
        file=filename or None,
    )
    db.session.flush()
    return report
