"""marshmallow schemas of /api/v1/registrations and /api/v1/events/<id>/registrations."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validates_schema

from ..api.common import Email, Id, OneOf, PageQuery, Schema, Str, Text, page_schema
from ..extensions import db
from ..networks.models import Theme
from ..organizations.models import LANGUAGES
from . import services
from .models import ATTENDANCE, ROLES, STATUSES


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
    email = Email()
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
