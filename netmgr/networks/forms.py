"""Flask-WTF forms of the coordinator's network pages (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..web.forms import SingleLine, slug_field
from ..web.labels import theme_name


class NetworkForm(FlaskForm):
    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv et navn.")), Length(max=200), SingleLine()]
    )
    slug = slug_field(_l("Små bokstaver, tall og bindestrek, f.eks. velferdsteknologi-vest."))
    theme = SelectField(_l("Tema"), coerce=int, validate_choice=False)
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional()])
    active = BooleanField(_l("Aktivt (vises offentlig)"), default=True)

    FIELD_FOR = {"theme_id": "theme", "theme_slug": "theme", "theme_name": "theme"}

    def set_choices(self, themes) -> None:
        self.theme.choices = [(0, _l("Velg tema"))] + [(t.id, theme_name(t)) for t in themes]

    def validate_theme(self, field):
        if field.data not in {value for value, _ in field.choices if value}:
            raise ValidationError(_l("Velg et tema."))

    def to_data(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "slug": self.slug.data.strip(),
            "theme_id": self.theme.data,
            "description": (self.description.data or "").strip() or None,
            "active": bool(self.active.data),
        }
