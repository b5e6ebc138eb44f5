"""marshmallow 4 schemas for the participation API's query strings and answers."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema
from sqlalchemy import select

from ..api.fields import DateField, OneOf, QueryInt, Str
from ..core.timeutil import OSLO
from ..events.models import EVENT_KINDS
from ..extensions import db
from ..groups.models import Group
from ..networks.models import Network, Theme
from ..processes.models import Process
from ..web.inputs import clean_text, to_int
from .figures import GROUPS, Filters, months_ago


def _theme(value):
    if value and clean_text(value, 200) is None:  # NUL or 10 KB: no such slug
        raise ValidationError("Ukjent tema.")
    if value and db.session.scalar(select(Theme.id).where(Theme.slug == value)) is None:
        raise ValidationError("Ukjent tema.")


def resolve_network(value: str | None) -> int | None:
    """A network by id or slug; ValidationError if unknown."""
    if not value:
        return None
    if clean_text(value, 200) is None:
        raise ValidationError("Ukjent nettverk.")
    ident = to_int(value, minimum=1)
    cond = Network.id == ident if ident is not None else Network.slug == value[:200]
    network_id = db.session.scalar(select(Network.id).where(cond))
    if network_id is None:
        raise ValidationError("Ukjent nettverk.")
    return network_id


class NetworkField(Str):
    def __init__(self, **kwargs):
        super().__init__(max_length=200, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return resolve_network(super()._deserialize(value, attr, data, **kwargs))


class GroupField(Str):
    """A group by id or slug; ValidationError if unknown."""

    def __init__(self, **kwargs):
        super().__init__(max_length=80, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not value:
            return None
        ident = to_int(value, minimum=1)
        cond = Group.id == ident if ident is not None else Group.slug == value
        group_id = db.session.scalar(select(Group.id).where(cond))
        if group_id is None:
            raise ValidationError("Ukjent gruppe.")
        return group_id


def _process(value):
    if value is not None and db.session.get(Process, value) is None:
        raise ValidationError("Ukjent prosess.")


class CommonFilters(Schema):
    theme = Str(
        max_length=60,
        validate=_theme,
        metadata={"description": "Theme slug, e.g. welfare_technology"},
    )
    network = NetworkField(metadata={"description": "Network id or slug"})
    group = GroupField(metadata={"description": "Group id or slug: only its members"})

    @validates_schema
    def _known_process(self, data, **kwargs):
        if data.get("process") is not None:
            try:
                _process(data["process"])
            except ValidationError as err:
                raise ValidationError(err.messages, "process") from None


class ReportQuery(CommonFilters):
    group_by = OneOf(GROUPS, load_default="size_class")
    date_from = DateField(data_key="from")
    date_to = DateField(data_key="to")
    kind = OneOf(EVENT_KINDS)
    process = QueryInt(
        minimum=1, metadata={"description": "joint process id: only participations at its events"}
    )

    @validates_schema
    def _order(self, data, **kwargs):
        if (
            data.get("date_from")
            and data.get("date_to")
            and data.get("date_from") > data.get("date_to")
        ):
            raise ValidationError("Fra-dato må være før til-dato.", "from")
        if data.get("group_by") == "network_member" and not data.get("network"):
            raise ValidationError("Gruppering etter medlemskap krever et nettverk.", "network")

    @post_load
    def _filters(self, data, **kwargs):
        today = dt.datetime.now(OSLO).date()
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or months_ago(date_to, 12)
        return {
            "group_by": data["group_by"],
            "filters": Filters(
                date_from,
                date_to,
                theme=data.get("theme"),
                network_id=data.get("network"),
                kind=data.get("kind"),
                group_id=data.get("group"),
                process_id=data.get("process"),
            ),
        }


class TargetQuery(CommonFilters):
    process = QueryInt(minimum=1, metadata={"description": "joint process id"})
    max_population = QueryInt()
    min_population = QueryInt()
    months = QueryInt(load_default=12, minimum=1, maximum=240)
    county = Str(
        max_length=2,
        validate=[validate.Regexp(re.compile("^[0-9]{2}$"), error="To sifre, f.eks. 46.")],
    )
    min_participations = QueryInt(load_default=1, minimum=1, maximum=1000)

    @validates_schema
    def _range(self, data, **kwargs):
        lo, hi = data.get("min_population"), data.get("max_population")
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError("Må være mindre enn maks innbyggertall.", "min_population")


class SegmentSchema(Schema):
    segment = fields.String()
    label = fields.String()
    municipalities = fields.Integer()
    reached = fields.Integer()
    reach_percent = fields.Float(allow_none=True)
    participations = fields.Integer()
    participations_per_municipality = fields.Float(allow_none=True)
    participants_per_10000 = fields.Float(allow_none=True)
    no_shows = fields.Integer()
    no_show_rate = fields.Float(allow_none=True)
    population = fields.Integer()
    representation_index = fields.Float(allow_none=True)


class ReportSchema(Schema):
    group_by = fields.String()
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    items = fields.List(fields.Nested(SegmentSchema))
    total = fields.Integer()
    overall = fields.Nested(SegmentSchema)


class TargetSchema(Schema):
    organization_id = fields.Integer()
    municipality_number = fields.String()
    name = fields.String()
    county_number = fields.String(allow_none=True)
    county_name = fields.String(allow_none=True)
    population = fields.Integer(allow_none=True)
    last_participation = fields.AwareDateTime(allow_none=True)
    participations_in_period = fields.Integer()
    invitations = fields.Integer()
    invitations_accepted = fields.Integer()
    invitations_declined = fields.Integer()
    invitations_registered = fields.Integer()
    invitations_attended = fields.Integer()
    invitation_answer = fields.String()
    contacts = fields.Integer()
    reachable_contacts = fields.Integer()
    no_contacts = fields.Boolean()
    reachable = fields.String(
        metadata={"description": "contact, official (only the official address) or none"}
    )
    groups = fields.List(fields.Dict(), metadata={"description": "[{id, name}] of its groups"})


class TargetListSchema(Schema):
    items = fields.List(fields.Nested(TargetSchema))
    total = fields.Integer()
    criteria = fields.Dict()
