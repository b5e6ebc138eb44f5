"""Flask-WTF forms of the coordinator's group pages (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..web.forms import HttpUrl, SingleLine, slug_field
from .labels import group_kind_label
from .models import GROUP_KINDS


class GroupForm(FlaskForm):
    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv et navn.")), Length(max=200), SingleLine()]
    )
    slug = slug_field(_l("Små bokstaver, tall og bindestrek, f.eks. innherred-innkjop."))
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

    def fill(self, group) -> None:
        self.name.data, self.slug.data, self.kind.data = group.name, group.slug, group.kind
        self.host.data = group.host_organization_id or 0
        self.website.data, self.description.data = group.website, group.description

    def to_data(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "slug": self.slug.data.strip(),
            "kind": self.kind.data,
            "host_organization_id": self.host.data or None,
            "website": (self.website.data or "").strip() or None,
            "description": (self.description.data or "").strip() or None,
        }
