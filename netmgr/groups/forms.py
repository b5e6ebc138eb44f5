"""Flask-WTF forms of the coordinator's group pages (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..web.forms import HttpUrl, SingleLine
from .labels import group_kind_label
from .models import GROUP_KINDS


class GroupForm(FlaskForm):
    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv et navn.")), Length(max=200), SingleLine()]
    )
    slug = StringField(
        _l("Adressenavn (slug)"),
        description=_l("Små bokstaver, tall og bindestrek, f.eks. innherred-innkjop."),
        validators=[
            DataRequired(_l("Skriv et adressenavn.")),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l("Bruk bare små bokstaver a–z, tall og bindestrek."),
            ),
        ],
    )
    kind = SelectField(_l("Type"), validate_choice=False)
    host = SelectField(
        _l("Vertskommune eller vertsorganisasjon"), coerce=int, validate_choice=False
    )
    website = URLField(
        _l("Nettsted"),
        validators=[
            Optional(),
            Length(max=300),
            HttpUrl(),
        ],
    )
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional()])

    FIELD_FOR = {"host_organization_id": "host"}

    def set_choices(self, organizations) -> None:
        self.kind.choices = [("", _l("Velg type"))] + [
            (k, group_kind_label(k)) for k in GROUP_KINDS
        ]
        self.host.choices = [(0, _l("Ingen"))] + [(o.id, o.display_name) for o in organizations]

    def validate_kind(self, field):
        if field.data not in GROUP_KINDS:
            raise ValidationError(_l("Velg en type."))

    def to_data(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "slug": self.slug.data.strip(),
            "kind": self.kind.data,
            "host_organization_id": self.host.data or None,
            "website": (self.website.data or "").strip() or None,
            "description": (self.description.data or "").strip() or None,
        }


class MemberForm(FlaskForm):
    organization = SelectField(
        _l("Organisasjon"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Velg en organisasjon."))],
    )
    joined_on = DateField(_l("Medlem fra"), validators=[Optional()])

    FIELD_FOR = {"organization_id": "organization"}


class EndMembershipForm(FlaskForm):
    left_on = DateField(_l("Siste dag som medlem"), validators=[Optional()])

    FIELD_FOR = {}
