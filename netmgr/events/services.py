"""Event rules shared by the API, the coordinator pages and the scheduler.

Every change goes through these functions so that SEQUENCE is raised (``Event.apply_changes``),
the signals ``event_changed`` / ``event_cancelled`` go out inside the transaction, and an audit
entry is written. They flush but never commit; the caller commits once per user action.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import audit
from ..core.counties import COUNTIES
from ..core.errors import ConflictError, ServiceError
from ..core.signals import event_cancelled, event_changed, event_deleting
from ..core.timeutil import utcnow
from ..extensions import db
from ..networks.models import Network, Theme
from .models import EVENT_KINDS, EVENT_STATUSES, Event

#: Attributes the API and the forms may set directly
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "agenda",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "network_id",
    "county_number",
    "capacity",
    "presenter_slots",
    "presenter_approval_required",
    "members_only",
    "registration_opens_at",
    "registration_closes_at",
    "material_url",
    "reminder_hours",
    "coordinator_id",
    "process_id",
)
#: Theme lists: ``themes`` (slugs, API) or ``theme_ids`` (ids, forms)
THEME_KEYS = ("themes", "theme_ids")
DATETIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
#: Status changes an update may make (cancelled is final)
TRANSITIONS = {("draft", "published"), ("draft", "cancelled"), ("published", "cancelled")}


def _err(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _comparable(first, second) -> bool:
    """Both are aware datetimes (a missing or naive one has its own message already)."""
    return (
        isinstance(first, dt.datetime)
        and isinstance(second, dt.datetime)
        and first.tzinfo is not None
        and second.tzinfo is not None
    )


def validate_event(values: dict) -> None:
    """Check an event's full set of values (after a change); raise ServiceError with all problems.

    Rules: known kind and status, a title, aware datetimes, end after start, capacity and
    presenter slots not negative, registration opens before it closes, known county, existing
    network.
    """
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in EVENT_KINDS:
        _err(errors, "kind", _("Ugyldig type arrangement."))
    if values.get("status", "draft") not in EVENT_STATUSES:
        _err(errors, "status", _("Ugyldig status."))
    title = values.get("title")
    if not isinstance(title, str) or not title.strip():
        _err(errors, "title", _("Skriv en tittel."))
    for name in DATETIME_FIELDS:
        value = values.get(name)
        if value is None:
            if name in ("starts_at", "ends_at"):
                _err(errors, name, _("Velg dato og klokkeslett."))
        elif not isinstance(value, dt.datetime) or value.tzinfo is None:
            _err(errors, name, _("Tidspunktet må ha tidssone (ISO 8601 med offset)."))
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if _comparable(starts, ends) and ends <= starts:
        _err(errors, "ends_at", _("Slutt må være etter start."))
    capacity = values.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        _err(errors, "capacity", _("Antall plasser kan ikke være negativt."))
    slots = values.get("presenter_slots") or 0
    if not isinstance(slots, int) or slots < 0:
        _err(errors, "presenter_slots", _("Antall presentasjonsplasser kan ikke være negativt."))
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if _comparable(opens, closes) and closes < opens:
        _err(errors, "registration_closes_at", _("Påmeldingen må stenge etter at den åpner."))
    county = values.get("county_number")
    if county is not None and county not in COUNTIES:
        _err(errors, "county_number", _("Ukjent fylkesnummer."))
    network_id = values.get("network_id")
    if network_id is not None and (
        not isinstance(network_id, int) or db.session.get(Network, network_id) is None
    ):
        _err(errors, "network_id", _("Nettverket finnes ikke."))
    process_id = values.get("process_id")
    if process_id is not None and not _process_exists(process_id):
        _err(errors, "process_id", _("Prosessen finnes ikke."))
    reminders = values.get("reminder_hours")
    if reminders is not None and (
        not isinstance(reminders, list)
        or not all(isinstance(h, int) and 0 < h <= 24 * 366 for h in reminders)
    ):
        _err(errors, "reminder_hours", _("Påminnelser oppgis i hele timer før start."))
    if errors:
        raise ServiceError(errors)


def _process_exists(process_id) -> bool:
    # processes sits above events: look at its table, never import the feature
    table = db.metadata.tables.get("processes")
    return (
        isinstance(process_id, int)
        and table is not None
        and db.session.scalar(select(table.c.id).where(table.c.id == process_id)) is not None
    )


def _themes(data: dict) -> list[Theme] | None:
    """The themes named in ``data`` (slugs or ids); None when the data names none."""
    if "themes" in data:
        slugs = data["themes"] or []
        found = {
            t.slug: t
            for t in db.session.scalars(
                select(Theme).where(Theme.slug.in_([s for s in slugs if isinstance(s, str)]))
            )
        }
        missing = [str(s) for s in slugs if s not in found]
        if missing:
            raise ServiceError({"themes": [_("Ukjent tema: %(names)s.", names=", ".join(missing))]})
        return [found[s] for s in dict.fromkeys(slugs)]
    if "theme_ids" in data:
        ids = [i for i in (data["theme_ids"] or []) if isinstance(i, int)]
        found = {t.id: t for t in db.session.scalars(select(Theme).where(Theme.id.in_(ids)))}
        if len(found) != len(set(data["theme_ids"] or [])):
            raise ServiceError({"themes": [_("Ukjent tema.")]})
        return [found[i] for i in dict.fromkeys(ids)]
    return None


def _split(data: dict) -> tuple[dict, list[Theme] | None, str | None]:
    data = dict(data)
    unknown = set(data) - set(EVENT_FIELDS) - set(THEME_KEYS) - {"status"}
    if unknown:
        raise ServiceError({name: [_("Ukjent felt.")] for name in sorted(unknown)})
    status = data.pop("status", None)
    themes = _themes(data)
    for key in THEME_KEYS:
        data.pop(key, None)
    for name in (
        "title",
        "description",
        "agenda",
        "location",
        "online_url",
        "material_url",
        "county_number",
    ):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip() or None
    return data, themes, status


def _current(event: Event) -> dict:
    return {name: getattr(event, name) for name in (*EVENT_FIELDS, "status")}


def create_event(data: dict, user=None) -> Event:
    """Create an event (a draft unless ``status`` is ``published``); sends event_changed."""
    fields, themes, status = _split(data)
    status = status or "draft"
    if status == "cancelled":
        raise ServiceError({"status": [_("Et nytt arrangement kan ikke være avlyst.")]})
    values = {"presenter_slots": 0, **fields, "status": status}
    if values.get("presenter_slots") is None:
        values["presenter_slots"] = 0
    validate_event(values)
    event = Event(**values)
    if user is not None and event.coordinator_id is None:
        event.coordinator_id = getattr(user, "id", None)
    if themes is not None:
        event.themes = themes
    if status == "published":
        event.published_at = utcnow()
    db.session.add(event)
    db.session.flush()
    audit("event.created", event, user=user, status=status)
    event_changed.send(
        event, event=event, changes={"created"}, calendar_visible=status == "published"
    )
    return event


def update_event(event: Event, changes: dict, user=None) -> Event:
    """Apply a partial change. SEQUENCE goes up once when a calendar-visible field changed.

    ``status`` may move draft → published (publishes) or → cancelled (cancels, sends only
    event_cancelled); a published event cannot go back to draft and a cancelled one stays so.
    """
    fields, themes, status = _split(changes)
    old_status = event.status
    if status is not None and status != old_status and (old_status, status) not in TRANSITIONS:
        if old_status == "cancelled":
            message = _("Et avlyst arrangement kan ikke gjenåpnes.")
        else:
            message = _("Et publisert arrangement kan ikke bli utkast igjen; avlys det i stedet.")
        raise ServiceError({"status": [message]})
    if old_status == "cancelled":
        changed_calendar = [
            n
            for n in fields
            if n not in ("description", "agenda", "material_url") and getattr(event, n) != fields[n]
        ]
        if changed_calendar:
            raise ServiceError(
                {
                    changed_calendar[0]: [
                        _("Et avlyst arrangement kan bare få ny beskrivelse eller materiell.")
                    ]
                }
            )
    if "presenter_slots" in fields and fields["presenter_slots"] is None:
        fields["presenter_slots"] = 0
    values = {**_current(event), **fields}
    if status is not None:
        values["status"] = status
    validate_event(values)

    changed = {n for n, v in fields.items() if getattr(event, n) != v}
    if themes is not None and {t.id for t in themes} != {t.id for t in event.themes}:
        event.themes = themes
        changed.add("themes")
    new_status = status if status is not None and status != old_status else None
    apply = dict(fields)
    if new_status:
        apply["status"] = new_status
        changed.add("status")
    visible = event.apply_changes(apply)
    now = utcnow()
    if new_status == "published":
        event.published_at = event.published_at or now
    elif new_status == "cancelled":
        event.cancelled_at = now
    db.session.flush()

    if new_status == "cancelled":
        audit("event.cancelled", event, user=user, sequence=event.sequence)
        event_cancelled.send(event, event=event)
    elif changed:
        if new_status == "published":
            audit("event.published", event, user=user, sequence=event.sequence)
        if changed - {"status"}:
            audit(
                "event.updated",
                event,
                user=user,
                fields=sorted(changed - {"status"}),
                sequence=event.sequence,
            )
        event_changed.send(event, event=event, changes=changed, calendar_visible=visible)
    return event


def publish_event(event: Event, user=None) -> Event:
    """Publish a draft (a published event stays as it is)."""
    if event.status == "published":
        return event
    if event.status == "cancelled":
        raise ConflictError({"status": [_("Et avlyst arrangement kan ikke publiseres.")]})
    return update_event(event, {"status": "published"}, user=user)


def cancel_event(event: Event, user=None) -> Event:
    """Cancel the event: status cancelled, SEQUENCE raised, event_cancelled sent."""
    if event.status == "cancelled":
        raise ConflictError({"status": [_("Arrangementet er allerede avlyst.")]})
    return update_event(event, {"status": "cancelled"}, user=user)


def delete_event(event: Event, user=None) -> None:
    """Delete an event nobody has registered for; otherwise cancel it instead (409)."""
    # The registration feature refuses (409) while anybody is registered for the event.
    event_deleting.send(event=event)
    audit("event.deleted", event, user=user, title=event.title)
    db.session.delete(event)
    db.session.flush()
