"""/api/v1/registrations and /api/v1/events/<id>/registrations (routes in :mod:`.blueprint`).

Capacity, waiting list and presenter rules live in :mod:`.services`; this module only turns
HTTP into calls of ``register`` / ``cancel_registration`` and friends.
"""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import bindparam, select
from sqlalchemy.orm import lazyload

from ..api.common import BEARER, abort_errors, acting_user, doc, get_or_404, paginate
from ..api.resources import where_equal
from ..auth.tokens import require_token
from ..core.commit import commit_keeping_loaded
from ..core.errors import ConflictError, ServiceError
from ..events.models import Event
from ..extensions import db
from ..networks.models import Theme
from ..organizations import services as org_services
from ..organizations.models import Contact, Organization
from . import services
from .models import Registration
from .schemas import (
    EventRegistrationIn,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    RegistrationPatch,
    RegistrationQuery,
)

#: The look-ups of a POST, built once: building a select with its options costs more CPU than
#: running it, and a burst pays it for every registration. The event is loaded without its
#: themes and network (not needed to register, no second query).
_BY_ID = {
    model: select(model).where(model.id == bindparam("ident")).options(*options)
    for model, options in (
        (Event, (lazyload(Event.themes), lazyload(Event.network))),
        (Contact, ()),
        (Organization, ()),
    )
}


def _load(model, ident):
    return db.session.scalar(_BY_ID[model], {"ident": ident})


def _get(model, ident, field):
    obj = _load(model, ident)
    if obj is None:
        abort_errors(422, {field: [f"{model.__name__} {ident} not found."]})
    return obj


def _theme(slug):
    if not slug:
        return None
    theme = db.session.scalar(select(Theme).where(Theme.slug == slug))
    if theme is None:
        abort_errors(422, {"theme": ["Unknown theme."]})
    return theme


def _register(event, contact, organization, data, *, by_coordinator):
    reg, created = services.register(
        event,
        contact,
        organization=organization,
        role=data.get("role", "attendee"),
        source="api",
        by_coordinator=by_coordinator,
        solution_title=data.get("solution_title"),
        solution_description=data.get("solution_description"),
        theme=_theme(data.get("theme")),
    )
    if not created:
        raise ConflictError(
            {
                "contact_id": [
                    f"Already registered for this event (registration {reg.id}, {reg.status})."
                ]
            }
        )
    commit_keeping_loaded()  # the answer shows what was just written: no re-read
    return reg


#: Event, organisation and person of a self-service POST in one round trip (each joined on
#: its own parameter, so a missing organisation or a new person leaves its columns empty)
_INTAKE = (
    select(Event, Organization, Contact)
    .select_from(Event)
    .outerjoin(Organization, Organization.id == bindparam("organization_id"))
    .outerjoin(Contact, Contact.email == bindparam("email"))
    .where(Event.id == bindparam("ident"))
    .options(lazyload(Event.themes), lazyload(Event.network))
)


def _intake(event_id, data):
    """-> (event, organisation or None, contact with the address or None, the address's
    ServiceError or None); 404 for an unknown event (before any other answer, as before)."""
    address = address_error = None
    if "contact_id" not in data:
        try:
            address = org_services.normalize_email(data.get("email"))
        except ServiceError as exc:
            address_error = exc
    params = {"ident": event_id, "organization_id": data.get("organization_id"), "email": address}
    row = db.session.execute(_INTAKE, params).one_or_none()
    if row is None:
        abort_errors(404, {"_schema": [f"Event {event_id} not found."]})
    return (*row, address_error)


#: Query-string filters of both registration lists (besides the event)
FILTERS = ("contact_id", "organization_id", "status", "role", "attendance")


class Registrations(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.arguments(RegistrationQuery, location="query")
    @doc.response(200, RegistrationPage)
    def get(self, args):
        """List registrations (filters: event_id, contact_id, organization_id, status, role)"""
        query = select(Registration).order_by(Registration.id)
        query = where_equal(query, Registration, args, ("event_id", *FILTERS))
        return paginate(query, args)

    @doc.doc(security=BEARER)
    @doc.arguments(RegistrationIn)
    @doc.response(201, RegistrationOut)
    def post(self, data):
        """Register a contact as coordinator: status confirmed, or waitlisted when full.

        The registration window and members-only rule do not bind a coordinator. A contact
        already registered (not cancelled) gives 409.
        """
        event = _get(Event, data["event_id"], "event_id")
        contact = _get(Contact, data["contact_id"], "contact_id")
        org = (
            _get(Organization, data["organization_id"], "organization_id")
            if data.get("organization_id")
            else None
        )
        return _register(event, contact, org, data, by_coordinator=True)


class EventRegistrations(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.arguments(RegistrationQuery, location="query")
    @doc.response(200, RegistrationPage)
    def get(self, args, event_id):
        """List the registrations of one event"""
        event = get_or_404(Event, event_id)
        query = (
            select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
        )
        return paginate(where_equal(query, Registration, args, FILTERS), args)

    @doc.doc(security=BEARER)
    @doc.arguments(EventRegistrationIn)
    @doc.response(201, RegistrationOut)
    def post(self, data, event_id):
        """Register for this event with the same rules as the public form (integrations).

        The window, members-only and capacity rules apply; the person is matched by email
        (and a supplier by organisation number) or created.
        """
        event, org, existing, address_error = _intake(event_id, data)
        if data.get("organization_id") and org is None:
            abort_errors(
                422, {"organization_id": [f"Organization {data['organization_id']} not found."]}
            )
        if not data.get("organization_id") and data.get("org_number"):
            org = org_services.find_or_create_supplier(
                data["org_number"], data.get("organization_name")
            )
        if "contact_id" in data:
            contact = _get(Contact, data["contact_id"], "contact_id")
        else:
            if address_error is not None:
                raise address_error
            if existing is None and org is None:
                abort_errors(
                    422,
                    {"organization_id": ["Give organization_id or org_number for a new contact."]},
                )
            if existing is None and not data.get("name"):
                abort_errors(422, {"name": ["Give the person's name."]})
            contact = existing or org_services.find_or_create_contact(
                data["email"],
                data.get("name"),
                org,
                phone=data.get("phone"),
                title=data.get("title"),
                language=data.get("language"),
                found=existing,
            )
        return _register(event, contact, org, data, by_coordinator=False)


class RegistrationItem(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.response(200, RegistrationOut)
    def get(self, registration_id):
        """Get one registration"""
        return get_or_404(Registration, registration_id)

    @doc.doc(security=BEARER)
    @doc.arguments(RegistrationPatch)
    @doc.response(200, RegistrationOut)
    def patch(self, data, registration_id):
        """Cancel (status cancelled), move (confirmed/waitlisted), record attendance, or
        decide a presenter request (presenter_approval approved/declined)"""
        reg = get_or_404(Registration, registration_id)
        user = acting_user()
        status = data.get("status")
        if status == "cancelled" and reg.status != "cancelled":
            services.cancel_registration(reg, by_coordinator=True)
        elif status in ("confirmed", "waitlisted") and status != reg.status:
            if reg.status == "cancelled":
                raise ConflictError(
                    {
                        "status": [
                            "A cancelled registration stays cancelled; register again instead."
                        ]
                    }
                )
            services.move_registration(reg, status, user=user)
        if "presenter_approval" in data:
            services.decide_presenter(reg, data["presenter_approval"] == "approved", user=user)
        if "attendance" in data:
            services.set_attendance(reg, data["attendance"])
        db.session.commit()
        return reg

    @doc.doc(security=BEARER)
    @doc.response(204)
    def delete(self, registration_id):
        """Cancel the registration (kept as history); the first on the waiting list moves up"""
        reg = get_or_404(Registration, registration_id)
        services.cancel_registration(reg, by_coordinator=True)
        db.session.commit()
