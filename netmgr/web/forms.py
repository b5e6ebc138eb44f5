"""Forms of the public pages, plus helpers every form page can use."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from ..core.errors import ServiceError
from ..events.models import EVENT_KINDS
from .labels import EVENT_KIND_LABELS, county_names, theme_name


def apply_service_errors(form, error: ServiceError) -> None:
    """Put a service's ``{field: [messages]}`` on the form's fields (others on the form)."""
    for name, messages in error.errors.items():
        messages = messages if isinstance(messages, list) else [str(messages)]
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors") and name != "_schema":
            field.errors = list(field.errors) + [str(m) for m in messages]
        else:
            form.form_errors.extend(str(m) for m in messages)


class EventFilterForm(FlaskForm):
    """Filters of the public event list, read from the query string (GET, no CSRF)."""

    class Meta:
        csrf = False

    network = SelectField(_l("Nettverk"), default="")
    theme = SelectField(_l("Tema"), default="")
    kind = SelectField(_l("Type arrangement"), default="")
    county = SelectField(_l("Fylke"), default="")
    mode = SelectField(
        _l("Sted"),
        default="",
        choices=[
            SelectChoice("", _l("Alle")),
            SelectChoice("onsite", _l("Fysisk oppmøte")),
            SelectChoice("online", _l("Digitalt")),
        ],
    )
    date_from = DateField(_l("Fra dato"), validators=[Optional()])
    date_to = DateField(_l("Til dato"), validators=[Optional()])

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = SelectChoice("", _l("Alle"))
        self.network.choices = [everything] + [
            SelectChoice(slug, name) for slug, name in choices["networks"]
        ]
        self.theme.choices = [everything] + [
            SelectChoice(t.slug, theme_name(t)) for t in choices["themes"]
        ]
        self.kind.choices = [everything] + [
            SelectChoice(k, EVENT_KIND_LABELS[k]) for k in EVENT_KINDS
        ]
        self.county.choices = [everything] + [
            SelectChoice(number, name)
            for number, name in sorted(county_names().items(), key=lambda c: c[1])
        ]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Til dato kan ikke være før fra dato."))

    def active_filters(self) -> dict:
        """The valid, non-empty filter values."""
        return {
            name: f.data
            for name, f in self._fields.items()
            if f.data not in (None, "") and not f.errors
        }
