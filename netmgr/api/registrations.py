"""/api/v1/registrations and /api/v1/events/<id>/registrations.

Capacity, waiting list and presenter rules live in :mod:`netmgr.registration.services`; this
module only turns HTTP into calls of ``register`` / ``cancel_registration`` and friends.
"""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import ValidationError, fields, validates_schema
from sqlalchemy import select

from ..auth.tokens import require_token
from ..core.errors import ConflictError
from ..events.models import Event
from ..extensions import db
from ..networks.models import Theme
from ..organizations import services as org_services
from ..organizations.models import LANGUAGES, Contact, Organization
from ..registration import services
from ..registration.models import ATTENDANCE, ROLES, STATUSES, Registration
from .common import (
    BEARER,
    ApiBlueprint,
    Id,
    OneOf,
    PageQuery,
    Schema,
    Str,
    Text,
    abort_errors,
    acting_user,
    get_or_404,
    page_schema,
    paginate,
    register_error_handlers,
)

bp = ApiBlueprint(
    "api_registrations",
    __name__,
    url_prefix="/api/v1",
    description="Registrations (påmeldinger) with capacity and waiting lists "
    "(bearer token required).",
)
register_error_handlers(bp)


class RegistrationOut(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    contact_id = fields.Integer(allow_none=True)
    organization_id = fields.Integer()
    role = fields.String()
    status = fields.String(metadata={"description": "confirmed, waitlisted or cancelled"})
    attendance = fields.String()
    source = fields.String()
    presenter_approval = fields.String(allow_none=True)
    solution_title = fields.String(allow_none=True)
    solution_description = fields.String(allow_none=True)
    theme = fields.Function(lambda r: _theme_slug(r.theme_id))
    waitlist_position = fields.Function(lambda r: services.waitlist_position(r))
    created_at = fields.AwareDateTime()
    confirmed_at = fields.AwareDateTime(allow_none=True)
    waitlisted_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)


def _theme_slug(theme_id):
    return db.session.get(Theme, theme_id).slug if theme_id else None


class PresenterFields(Schema):
    role = OneOf(ROLES, load_default="attendee")
    solution_title = Str(allow_none=True)
    solution_description = Text(max_length=5000, allow_none=True)
    theme = Str(max_length=60, allow_none=True, metadata={"description": "theme slug"})


class RegistrationIn(PresenterFields):
    event_id = Id(required=True)
    contact_id = Id(required=True)
    organization_id = Id(
        allow_none=True,
        metadata={"description": "organisation the person comes for; default the contact's"},
    )


class EventRegistrationIn(PresenterFields):
    """Register for the event in the path: name a contact_id, or a person by email."""

    contact_id = Id()
    email = Str(max_length=320)
    name = Str()
    phone = Str(max_length=40, allow_none=True)
    title = Str(allow_none=True)
    language = OneOf(LANGUAGES, allow_none=True)
    organization_id = Id(allow_none=True)
    org_number = Str(
        max_length=20,
        metadata={"description": "supplier's organisation number (matched or created)"},
    )
    organization_name = Str(metadata={"description": "name of a new supplier"})

    @validates_schema
    def _who(self, data, **kwargs):
        if "contact_id" not in data and not data.get("email"):
            raise ValidationError("Give contact_id, or email and name.", "contact_id")
        if "contact_id" in data and data.get("email"):
            raise ValidationError("Give contact_id or email, not both.", "email")


class RegistrationPatch(Schema):
    status = OneOf(STATUSES)
    attendance = OneOf(ATTENDANCE)
    presenter_approval = OneOf(("approved", "declined"))


class RegistrationQuery(PageQuery):
    event_id = Id(strict=False)
    contact_id = Id(strict=False)
    organization_id = Id(strict=False)
    status = OneOf(STATUSES)
    role = OneOf(ROLES)
    attendance = OneOf(ATTENDANCE)


RegistrationPage = page_schema(RegistrationOut, "RegistrationPage")


def _get(model, ident, field):
    obj = db.session.get(model, ident)
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
    db.session.commit()
    return reg


@bp.route("/registrations")
class Registrations(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.arguments(RegistrationQuery, location="query")
    @bp.response(200, RegistrationPage)
    def get(self, args):
        """List registrations (filters: event_id, contact_id, organization_id, status, role)"""
        query = select(Registration).order_by(Registration.id)
        for name in ("event_id", "contact_id", "organization_id", "status", "role", "attendance"):
            if args.get(name) is not None:
                query = query.where(getattr(Registration, name) == args[name])
        return paginate(query, args)

    @bp.doc(security=BEARER)
    @bp.arguments(RegistrationIn)
    @bp.response(201, RegistrationOut)
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


@bp.route("/events/<int:event_id>/registrations")
class EventRegistrations(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.arguments(RegistrationQuery, location="query")
    @bp.response(200, RegistrationPage)
    def get(self, args, event_id):
        """List the registrations of one event"""
        event = get_or_404(Event, event_id)
        query = (
            select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
        )
        for name in ("contact_id", "organization_id", "status", "role", "attendance"):
            if args.get(name) is not None:
                query = query.where(getattr(Registration, name) == args[name])
        return paginate(query, args)

    @bp.doc(security=BEARER)
    @bp.arguments(EventRegistrationIn)
    @bp.response(201, RegistrationOut)
    def post(self, data, event_id):
        """Register for this event with the same rules as the public form (integrations).

        The window, members-only and capacity rules apply; the person is matched by email
        (and a supplier by organisation number) or created.
        """
        event = get_or_404(Event, event_id)
        org = None
        if data.get("organization_id"):
            org = _get(Organization, data["organization_id"], "organization_id")
        elif data.get("org_number"):
            org = org_services.find_or_create_supplier(
                data["org_number"], data.get("organization_name")
            )
        if "contact_id" in data:
            contact = _get(Contact, data["contact_id"], "contact_id")
        else:
            existing = db.session.scalar(
                select(Contact).where(Contact.email == org_services.normalize_email(data["email"]))
            )
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
            )
        return _register(event, contact, org, data, by_coordinator=False)


@bp.route("/registrations/<int:registration_id>")
class RegistrationItem(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.response(200, RegistrationOut)
    def get(self, registration_id):
        """Get one registration"""
        return get_or_404(Registration, registration_id)

    @bp.doc(security=BEARER)
    @bp.arguments(RegistrationPatch)
    @bp.response(200, RegistrationOut)
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

    @bp.doc(security=BEARER)
    @bp.response(204)
    def delete(self, registration_id):
        """Cancel the registration (kept as history); the first on the waiting list moves up"""
        reg = get_or_404(Registration, registration_id)
        services.cancel_registration(reg, by_coordinator=True)
        db.session.commit()
