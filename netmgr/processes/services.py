"""Process rules shared by the API and the coordinator pages.

Every change goes through these functions: they check, change, write an audit entry
(``process.created``, ``process.phase_changed``, ``process.participant_added`` …) and flush;
the caller commits once per user action. A broken rule raises ServiceError (422) before
anything is written, so a refused request leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..auth.models import User
from ..core.audit import audit
from ..core.errors import ConflictError, NotFoundError, ServiceError, restored_on_error
from ..core.timeutil import OSLO, utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import Network, Theme
from ..organizations.models import Organization
from ..web.inputs import SLUG
from .models import PHASES, ROLES, STATUSES, Process, ProcessParticipant, ProcessPhaseChange

#: Attributes the API and the forms may set on a process
PROCESS_FIELDS = (
    "slug",
    "title",
    "description",
    "theme",
    "network_id",
    "status",
    "public",
    "responsible_user_id",
    "started_on",
    "ended_on",
)
#: Keys that move the phase (``phase``; ``allow_backwards`` and ``phase_changed_on`` with it)
PHASE_KEYS = ("phase", "allow_backwards", "phase_changed_on", "phase_note")


def today() -> dt.date:
    """Today's date in Norway."""
    return utcnow().astimezone(OSLO).date()


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _assign(process: Process, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - set(PROCESS_FIELDS)):
        _add(errors, name, _("Ukjent felt."))
    for name, value in data.items():
        if name not in PROCESS_FIELDS:
            continue
        if isinstance(value, str):
            value = value.strip() or None
        if name == "theme":
            theme = db.session.scalar(select(Theme).where(Theme.slug == value)) if value else None
            if value and theme is None:
                _add(errors, "theme", _("Ukjent tema."))
            else:
                process.theme, process.theme_id = theme, theme.id if theme else None
        elif name == "network_id":
            if value is not None and db.session.get(Network, value) is None:
                _add(errors, "network_id", _("Nettverket finnes ikke."))
            else:
                process.network_id = value
        elif name == "responsible_user_id":
            if value is not None and db.session.get(User, value) is None:
                _add(errors, "responsible_user_id", _("Brukeren finnes ikke."))
            else:
                process.responsible_user_id = value
        elif name == "status" and value not in STATUSES:
            _add(errors, "status", _("Ugyldig status."))
        elif name == "public":
            process.public = bool(value)
        else:
            setattr(process, name, value)
    if not process.title:
        _add(errors, "title", _("Skriv en tittel."))
    if not process.slug:
        _add(errors, "slug", _("Skriv en kortadresse (slug)."))
    elif not SLUG.match(process.slug) or len(process.slug) > 80:
        _add(errors, "slug", _("Kortadressen kan bare ha små bokstaver a–z, sifre og bindestrek."))
    if process.started_on and process.ended_on and process.ended_on < process.started_on:
        _add(errors, "ended_on", _("Sluttdatoen kan ikke være før startdatoen."))
    if errors:
        raise ServiceError(errors)
    if process.status != "active" and process.ended_on is None:
        process.ended_on = max(today(), process.started_on or today())
    if process.public and process.published_at is None:
        process.published_at = utcnow()


def _check_slug(process: Process) -> None:
    other = db.session.scalar(
        select(Process.id).where(Process.slug == process.slug, Process.id != (process.id or 0))
    )
    if other is not None:
        raise ServiceError({"slug": [_("Kortadressen er allerede i bruk.")]})


def _check_phase(phase) -> None:
    if phase not in PHASES:
        raise ServiceError({"phase": [_("Ukjent fase.")]})


def create_process(data: dict, user=None) -> Process:
    """A new process in ``phase`` (default needs) with its first timeline row."""
    data = dict(data)
    phase = data.pop("phase", None) or "needs"
    _check_phase(phase)
    process = Process(phase=phase, status="active", public=False, started_on=today())
    if user is not None:
        process.responsible_user_id = getattr(user, "id", None)
    _assign(process, data)
    _check_slug(process)
    db.session.add(process)
    db.session.flush()
    _timeline_row(process, None, phase, process.started_on or today(), user)
    audit("process.created", process, user=user, phase=phase, public=process.public)
    if process.public:
        audit("process.published", process, user=user)
    return process


def update_process(process: Process, changes: dict, user=None) -> Process:
    """A partial change; ``phase`` moves the phase (backwards only with ``allow_backwards``)."""
    changes = dict(changes)
    phase_args = {k: changes.pop(k) for k in PHASE_KEYS if k in changes}
    was_public = process.public
    names = ("slug", "title", "description", "theme", "theme_id", "network_id", "status")
    names += ("public", "published_at", "responsible_user_id", "started_on", "ended_on")
    with restored_on_error(process, names):
        if "phase" in phase_args:  # checked first: a refused phase writes nothing else
            _check_move(process, phase_args["phase"], bool(phase_args.get("allow_backwards")))
        _assign(process, changes)
        _check_slug(process)
    db.session.flush()
    if changes:
        audit("process.updated", process, user=user, fields=sorted(changes))
    if process.public != was_public:
        audit("process.published" if process.public else "process.unpublished", process, user=user)
    if "phase" in phase_args and phase_args["phase"] != process.phase:
        change_phase(
            process,
            phase_args["phase"],
            allow_backwards=bool(phase_args.get("allow_backwards")),
            changed_on=phase_args.get("phase_changed_on"),
            note=phase_args.get("phase_note"),
            user=user,
        )
    return process


def publish_process(process: Process, public: bool = True, user=None) -> Process:
    return update_process(process, {"public": public}, user=user)


def delete_process(process: Process, user=None) -> None:
    """Delete a process no event belongs to (409 otherwise: stop it instead)."""
    if db.session.scalar(select(func.count()).where(Event.process_id == process.id)):
        raise ConflictError(_("Prosessen har arrangementer; sett den som stoppet i stedet."))
    audit("process.deleted", process, user=user, slug=process.slug, title=process.title)
    db.session.delete(process)
    db.session.flush()


# ------------------------------------------------------------------------------------------
# Phases


def _check_move(process: Process, phase, allow_backwards: bool) -> None:
    _check_phase(phase)
    if PHASES.index(phase) < PHASES.index(process.phase) and not allow_backwards:
        raise ServiceError(
            {"phase": [_("En fase kan bare flyttes bakover når det sies uttrykkelig.")]}
        )


def _timeline_row(process, from_phase, phase, changed_on, user, note=None) -> ProcessPhaseChange:
    row = ProcessPhaseChange(
        process_id=process.id,
        phase=phase,
        from_phase=from_phase,
        changed_on=changed_on,
        recorded_at=utcnow(),
        user_id=getattr(user, "id", None),
        note=note,
    )
    db.session.add(row)
    db.session.flush()
    db.session.expire(process, ["phase_changes"])
    return row


def change_phase(
    process: Process,
    phase: str,
    *,
    allow_backwards: bool = False,
    changed_on: dt.date | None = None,
    note: str | None = None,
    user=None,
) -> ProcessPhaseChange | None:
    """Move the process to ``phase`` on ``changed_on`` (default today); dated and audited."""
    _check_move(process, phase, allow_backwards)
    if phase == process.phase:
        return None
    changed_on = changed_on or today()
    last = max((c.changed_on for c in process.phase_changes), default=None)
    if last is not None and changed_on < last:
        raise ServiceError(
            {"phase_changed_on": [_("Datoen kan ikke være før forrige faseskifte.")]}
        )
    old = process.phase
    process.phase = phase
    row = _timeline_row(process, old, phase, changed_on, user, (note or "").strip() or None)
    audit(
        "process.phase_changed",
        process,
        user=user,
        from_phase=old,
        phase=phase,
        changed_on=changed_on.isoformat(),
        backwards=PHASES.index(phase) < PHASES.index(old),
    )
    return row


# ------------------------------------------------------------------------------------------
# Participants


def open_participation(process: Process, organization_id: int) -> ProcessParticipant | None:
    return db.session.scalar(
        select(ProcessParticipant).where(
            ProcessParticipant.process_id == process.id,
            ProcessParticipant.organization_id == organization_id,
            ProcessParticipant.left_on.is_(None),
        )
    )


def add_participant(
    process: Process,
    organization_id,
    role: str = "need_owner",
    joined_on: dt.date | None = None,
    *,
    buys_separately: bool = True,
    joined_in_phase: str | None = None,
    status: str = "active",
    user=None,
) -> ProcessParticipant:
    """Add an organisation from ``joined_on`` (default today) in its current phase;
    ``status="pending"``: asked to join, counts only once approved."""
    errors: dict[str, list[str]] = {}
    org = (
        db.session.get(Organization, organization_id) if isinstance(organization_id, int) else None
    )
    if org is None:
        _add(errors, "organization_id", _("Organisasjonen finnes ikke."))
    if role not in ROLES:
        _add(errors, "role", _("Ukjent rolle."))
    joined_in_phase = joined_in_phase or process.phase
    if joined_in_phase not in PHASES:
        _add(errors, "joined_in_phase", _("Ukjent fase."))
    joined_on = joined_on or today()
    if org is not None and open_participation(process, org.id) is not None:
        _add(errors, "organization_id", _("Organisasjonen er allerede med i prosessen."))
    elif org is not None:
        last_left = db.session.scalar(
            select(func.max(ProcessParticipant.left_on)).where(
                ProcessParticipant.process_id == process.id,
                ProcessParticipant.organization_id == org.id,
            )
        )
        if last_left is not None and joined_on <= last_left:
            _add(
                errors,
                "joined_on",
                _(
                    "Datoen må være etter forrige deltakelse (sluttet %(date)s).",
                    date=last_left.isoformat(),
                ),
            )
    if errors:
        raise ServiceError(errors)
    row = ProcessParticipant(
        process_id=process.id,
        organization=org,
        organization_id=org.id,
        role=role,
        joined_on=joined_on,
        buys_separately=bool(buys_separately),
        joined_in_phase=joined_in_phase,
        status=status,
    )
    db.session.add(row)
    db.session.flush()
    db.session.expire(process, ["participants"])
    audit(
        "process.participant_requested" if status == "pending" else "process.participant_added",
        process,
        user=user,
        organization_id=org.id,
        role=role,
        joined_on=joined_on.isoformat(),
        joined_in_phase=joined_in_phase,
    )
    return row


def remove_participant(
    process: Process, organization_id: int, left_on: dt.date | None = None, user=None
) -> ProcessParticipant:
    """Close the open participation on ``left_on`` (default today); the row stays as history."""
    row = open_participation(process, organization_id)
    if row is None:
        raise NotFoundError({"organization_id": [_("Organisasjonen er ikke med i prosessen.")]})
    left_on = left_on or today()
    if left_on < row.joined_on:
        message = _(
            "Siste dag kan ikke være før organisasjonen ble med (%(date)s).",
            date=row.joined_on.isoformat(),
        )
        raise ServiceError({"left_on": [message]})
    row.left_on = left_on
    db.session.flush()
    audit(
        "process.participant_left",
        process,
        user=user,
        organization_id=organization_id,
        left_on=left_on.isoformat(),
    )
    return row


def participants(process: Process, current_on: dt.date | None = None) -> list[ProcessParticipant]:
    """All rows (history too), or only those current on ``current_on``; by joining order."""
    rows = db.session.scalars(
        select(ProcessParticipant)
        .where(ProcessParticipant.process_id == process.id)
        .order_by(ProcessParticipant.joined_on, ProcessParticipant.id)
    ).all()
    if current_on is not None:
        rows = [r for r in rows if r.is_current(current_on)]
    return list(rows)
