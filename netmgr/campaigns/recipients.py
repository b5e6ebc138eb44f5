"""Who a campaign reaches: a recipient spec (contacts, organisations, networks, groups, groups'
host organisations, a municipality filter) normalised and resolved to contacts with the
language each one is written to.

An organisation picked as a whole is reached through its contacts who have not opted out;
when it has none, through its official address (postmottak), written in its written
standard; when it has neither, it is listed as unreachable."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, or_, select, update

from ..core.errors import ServiceError
from ..core.timeutil import utcnow
from ..extensions import db
from ..groups.models import Group
from ..groups.queries import member_ids_subquery
from ..mail.outbox import enqueue_many
from ..networks.models import NetworkMembership
from ..organizations.models import Contact, Organization
from .models import CampaignRecipient

SPEC_KEYS = ("contacts", "organizations", "networks", "groups", "group_hosts", "municipalities")


@dataclass
class Resolution:
    """Recipients found for a spec: (contact_id, organization_id, language) rows."""

    rows: list[tuple[int, int, str]] = field(default_factory=list)
    opted_out: int = 0
    #: organisations with neither a reachable contact nor an official address
    orgs_without_contacts: list[dict] = field(default_factory=list)
    #: (organization_id, official address, language) of organisations reached that way
    official: list[tuple[int, str, str]] = field(default_factory=list)


def addressee(name: str, kind: str) -> str:
    """ "Utsira kommune" for a municipality (the word is the same in bokmål and nynorsk)."""
    if kind == "municipality" and not name.lower().endswith("kommune"):
        return f"{name} kommune"
    return name


def normalize_spec(recipients) -> dict:
    """Accept a list of contact ids or a dict with SPEC_KEYS; refuse anything else (422)."""
    if recipients is None:
        raise ServiceError({"recipients": [_l("Velg minst én mottaker.")]})
    if isinstance(recipients, (list, tuple, set)):
        recipients = {"contacts": list(recipients)}
    if not isinstance(recipients, dict):
        raise ServiceError({"recipients": [_l("Ugyldig mottakerutvalg.")]})
    recipients = dict(recipients)
    if "contact_ids" in recipients:
        recipients.setdefault("contacts", []).extend(recipients.pop("contact_ids"))
    unknown = set(recipients) - set(SPEC_KEYS)
    if unknown:
        raise ServiceError(
            {"recipients": [_l("Ukjent utvalg: %(keys)s", keys=", ".join(sorted(unknown)))]}
        )
    spec: dict = {}
    for key in ("contacts", "organizations", "networks", "groups", "group_hosts"):
        values = recipients.get(key) or []
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise ServiceError({key: [_l("Må være en liste med id-er.")]}) from None
        if ids:
            spec[key] = ids
    muni = recipients.get("municipalities")
    if muni:
        if not isinstance(muni, dict):
            muni = {}
        clean = {}
        if muni.get("county_number"):
            clean["county_number"] = str(muni["county_number"]).zfill(2)
        for key in ("population_min", "population_max"):
            if muni.get(key) not in (None, ""):
                try:
                    clean[key] = int(muni[key])
                except (TypeError, ValueError):
                    raise ServiceError({key: [_l("Må være et heltall.")]}) from None
        if muni.get("written_standard"):
            if muni["written_standard"] not in ("nb", "nn", "neutral"):
                raise ServiceError({"written_standard": [_l("Ukjent målform.")]})
            clean["written_standard"] = muni["written_standard"]
        spec["municipalities"] = clean
    if not spec:
        raise ServiceError({"recipients": [_l("Velg minst én mottaker.")]})
    return spec


def _org_conditions(spec: dict):
    conds = []
    if spec.get("organizations"):
        conds.append(Organization.id.in_(spec["organizations"]))
    if spec.get("networks"):
        today = utcnow().date()
        members = select(NetworkMembership.organization_id).where(
            NetworkMembership.network_id.in_(spec["networks"]),
            NetworkMembership.joined_on <= today,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today),
        )
        conds.append(Organization.id.in_(members))
    for group_id in spec.get("groups", []):
        conds.append(Organization.id.in_(member_ids_subquery(group_id)))
    if spec.get("group_hosts"):
        hosts = select(Group.host_organization_id).where(Group.id.in_(spec["group_hosts"]))
        conds.append(Organization.id.in_(hosts))
    if "municipalities" in spec:
        m = spec["municipalities"]
        parts = [Organization.kind == "municipality", Organization.active.is_(True)]
        if m.get("county_number"):
            parts.append(Organization.county_number == m["county_number"])
        if m.get("population_min") is not None:
            parts.append(Organization.population >= m["population_min"])
        if m.get("population_max") is not None:
            parts.append(Organization.population <= m["population_max"])
        if m.get("written_standard"):
            parts.append(Organization.written_standard == m["written_standard"])
        conds.append(and_(*parts))
    return conds


def resolve_recipients(spec: dict) -> Resolution:
    """Contacts for a normalised spec; opted-out ones counted, contactless organisations listed."""
    res = Resolution()
    org_conds = _org_conditions(spec)
    contact_conds = list(org_conds)
    if spec.get("contacts"):
        contact_conds.append(Contact.id.in_(spec["contacts"]))
    rows = db.session.execute(
        select(
            Contact.id,
            Contact.organization_id,
            Contact.language,
            Contact.opted_out,
            Organization.written_standard,
        )
        .join(Organization, Organization.id == Contact.organization_id)
        # A deactivated contact has left the organisation: never invited.
        .where(or_(*contact_conds), Contact.active.is_(True))
        .order_by(Contact.id)
    ).all()
    for cid, oid, lang, opted_out, standard in rows:
        if opted_out:
            res.opted_out += 1
            continue
        res.rows.append((cid, oid, lang or ("nn" if standard == "nn" else "nb")))
    if org_conds:
        reached = {oid for _cid, oid, _lang in res.rows}
        for oid, name, official, standard in db.session.execute(
            select(
                Organization.id,
                Organization.name,
                Organization.official_email,
                Organization.written_standard,
            )
            .where(or_(*org_conds))
            .order_by(Organization.name, Organization.id)
        ):
            if oid in reached:
                continue
            if official:
                res.official.append((oid, official, "nn" if standard == "nn" else "nb"))
            else:
                res.orgs_without_contacts.append({"id": oid, "name": name})
    return res


def queue_invitations(recipient_ids: list[int], messages: list[dict]) -> int:
    """Put one message per recipient into the outbox (one bulk insert) and record on each
    recipient row its message and one more send. Returns the number queued."""
    if not messages:
        return 0
    message_ids = enqueue_many(messages)
    table = CampaignRecipient.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == bindparam("_rid"))
        .values(message_id=bindparam("_mid"), sends=table.c.sends + 1),
        [{"_rid": rid, "_mid": mid} for rid, mid in zip(recipient_ids, message_ids, strict=True)],
    )
    return len(messages)
