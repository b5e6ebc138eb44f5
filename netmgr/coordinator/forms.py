"""Flask-WTF forms of the coordinator pages (CSRF on every one)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.counties import COUNTIES
from ..core.timeutil import OSLO, UTC, to_oslo
from ..events.models import EVENT_KINDS
from ..web.labels import EVENT_KIND_LABELS


def counties() -> dict[str, str]:
    """County number -> name (the 15 counties of the registry)."""
    return dict(COUNTIES)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (rendered inside a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def combine(day: dt.date | None, clock: dt.time | None) -> dt.datetime | None:
    """An Oslo wall-clock date and time as an aware UTC datetime."""
    if day is None:
        return None
    clock = clock or dt.time(0, 0)
    return dt.datetime.combine(day, clock, tzinfo=OSLO).astimezone(UTC)


def split(value: dt.datetime | None) -> tuple[dt.date | None, dt.time | None]:
    if value is None:
        return None, None
    local = to_oslo(value)
    return local.date(), local.time().replace(second=0, microsecond=0)


class EventForm(FlaskForm):
    title = StringField(
        _l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)]
    )
    kind = SelectField(_l("Type"), choices=[(k, EVENT_KIND_LABELS[k]) for k in EVENT_KINDS])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional()])
    starts_on = DateField(_l("Startdato"), validators=[InputRequired(_l("Velg en startdato."))])
    starts_time = TimeField(_l("Starttid"), validators=[InputRequired(_l("Velg en starttid."))])
    ends_on = DateField(_l("Sluttdato"), validators=[InputRequired(_l("Velg en sluttdato."))])
    ends_time = TimeField(_l("Sluttid"), validators=[InputRequired(_l("Velg en sluttid."))])
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])
    online_url = URLField(
        _l("Lenke til nettmøtet"),
        validators=[Optional(), URL(message=_l("Skriv en gyldig nettadresse.")), Length(max=500)],
    )
    network = SelectField(_l("Nettverk"), coerce=int, validate_choice=False)
    themes = MultiCheckboxField(_l("Temaer"), coerce=int, validate_choice=False)
    county = SelectField(_l("Fylke"), validators=[Optional()])
    capacity = IntegerField(
        _l("Antall plasser"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Antall plasser kan ikke være negativt.")),
        ],
    )
    presenter_slots = IntegerField(
        _l("Antall presentasjoner"),
        default=0,
        validators=[
            InputRequired(_l("Skriv et tall (0 eller mer).")),
            NumberRange(min=0, message=_l("Antallet kan ikke være negativt.")),
        ],
    )
    presenter_approval_required = BooleanField(_l("Presentasjoner må godkjennes"), default=True)
    members_only = BooleanField(_l("Bare for medlemmer av nettverket"))
    registration_opens_on = DateField(_l("Påmeldingen åpner (dato)"), validators=[Optional()])
    registration_opens_time = TimeField(_l("Påmeldingen åpner (tid)"), validators=[Optional()])
    registration_closes_on = DateField(_l("Påmeldingen stenger (dato)"), validators=[Optional()])
    registration_closes_time = TimeField(_l("Påmeldingen stenger (tid)"), validators=[Optional()])
    material_url = URLField(
        _l("Lenke til presentasjoner og materiell"),
        validators=[Optional(), URL(message=_l("Skriv en gyldig nettadresse.")), Length(max=500)],
    )

    #: service error keys (model names) -> form field that shows the message
    FIELD_FOR = {
        "starts_at": "starts_on",
        "ends_at": "ends_on",
        "network_id": "network",
        "county_number": "county",
        "theme_ids": "themes",
        "theme_slugs": "themes",
        "registration_opens_at": "registration_opens_on",
        "registration_closes_at": "registration_closes_on",
    }

    def set_choices(self, networks, themes, theme_label) -> None:
        self.network.choices = [(0, _l("Ingen nettverk"))] + [(n.id, n.name) for n in networks]
        self.themes.choices = [(t.id, theme_label(t)) for t in themes]
        self.county.choices = [("", _l("Hele landet"))] + sorted(
            counties().items(), key=lambda item: item[1]
        )

    def validate_network(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(_l("Velg et nettverk fra listen."))

    def validate_themes(self, field):
        known = {value for value, _ in field.choices}
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Velg temaer fra listen."))

    def validate_ends_time(self, field):
        starts, ends = self.starts_at, self.ends_at
        if starts and ends and ends <= starts:
            raise ValidationError(_l("Slutt må være etter start."))

    def validate_registration_closes_on(self, field):
        opens = combine(self.registration_opens_on.data, self.registration_opens_time.data)
        closes = self.registration_closes_at
        if opens and closes and closes < opens:
            raise ValidationError(_l("Påmeldingen kan ikke stenge før den åpner."))

    @property
    def starts_at(self):
        return (
            combine(self.starts_on.data, self.starts_time.data) if self.starts_time.data else None
        )

    @property
    def ends_at(self):
        return combine(self.ends_on.data, self.ends_time.data) if self.ends_time.data else None

    @property
    def registration_closes_at(self):
        if self.registration_closes_on.data is None:
            return None
        return combine(
            self.registration_closes_on.data, self.registration_closes_time.data or dt.time(23, 59)
        )

    def to_data(self) -> dict:
        """The event fields as the event services take them (UTC datetimes, ids)."""
        return {
            "title": self.title.data.strip(),
            "kind": self.kind.data,
            "description": (self.description.data or "").strip() or None,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "location": (self.location.data or "").strip() or None,
            "online_url": (self.online_url.data or "").strip() or None,
            "network_id": self.network.data or None,
            "theme_ids": list(self.themes.data or []),
            "county_number": self.county.data or None,
            "capacity": self.capacity.data,
            "presenter_slots": self.presenter_slots.data or 0,
            "presenter_approval_required": bool(self.presenter_approval_required.data),
            "members_only": bool(self.members_only.data),
            "registration_opens_at": combine(
                self.registration_opens_on.data, self.registration_opens_time.data
            ),
            "registration_closes_at": self.registration_closes_at,
            "material_url": (self.material_url.data or "").strip() or None,
        }

    def fill_from(self, event) -> None:
        """Pre-fill the inputs from an event (Oslo local date and time)."""
        self.title.data, self.kind.data = event.title, event.kind
        self.description.data, self.location.data = event.description, event.location
        self.online_url.data, self.material_url.data = event.online_url, event.material_url
        self.starts_on.data, self.starts_time.data = split(event.starts_at)
        self.ends_on.data, self.ends_time.data = split(event.ends_at)
        self.registration_opens_on.data, self.registration_opens_time.data = split(
            event.registration_opens_at
        )
        self.registration_closes_on.data, self.registration_closes_time.data = split(
            event.registration_closes_at
        )
        self.network.data = event.network_id or 0
        self.themes.data = [t.id for t in event.themes]
        self.county.data = event.county_number or ""
        self.capacity.data, self.presenter_slots.data = event.capacity, event.presenter_slots
        self.presenter_approval_required.data = event.presenter_approval_required
        self.members_only.data = event.members_only


class ConfirmForm(FlaskForm):
    """A button that needs only the CSRF token (publish, cancel, end membership, revoke)."""


class NetworkForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv et navn.")), Length(max=200)])
    slug = StringField(
        _l("Adressenavn (slug)"),
        description=_l("Små bokstaver, tall og bindestrek, f.eks. velferdsteknologi-vest."),
        validators=[
            DataRequired(_l("Skriv et adressenavn.")),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l("Bruk bare små bokstaver a–z, tall og bindestrek."),
            ),
        ],
    )
    theme = SelectField(_l("Tema"), coerce=int, validate_choice=False)
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional()])
    active = BooleanField(_l("Aktivt (vises offentlig)"), default=True)

    FIELD_FOR = {"theme_id": "theme", "theme_slug": "theme", "theme_name": "theme"}

    def set_choices(self, themes, theme_label) -> None:
        self.theme.choices = [(0, _l("Velg tema"))] + [(t.id, theme_label(t)) for t in themes]

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


def apply_service_errors(form, errors: dict[str, list[str]]) -> None:
    """Put a ServiceError's messages next to the matching fields; the rest on the form."""
    mapping = getattr(form, "FIELD_FOR", {})
    form.form_errors = list(getattr(form, "form_errors", []))
    for key, messages in errors.items():
        name = mapping.get(key, key)
        field = form._fields.get(name) if name != "csrf_token" else None
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = list(field.errors or []) + list(messages)
