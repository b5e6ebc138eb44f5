"""Flask-WTF forms of the event pages: the public list's filters and the coordinator's event form."""

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
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.counties import COUNTIES
from ..core.timeutil import OSLO, UTC, to_oslo
from ..web.forms import HttpUrl, SingleLine
from ..web.labels import EVENT_KIND_LABELS, county_names, theme_name
from .models import EVENT_KINDS


class EventFilterForm(FlaskForm):
    """Filters of the public event list, read from the query string (GET, no CSRF)."""

    class Meta:
        csrf = False

    network = SelectField(_l("Nettverk"), default="")
    theme = SelectField(_l("Tema"), default="")
    kind = SelectField(_l("Type arrangement"), default="")
    county = SelectField(
        _l("Fylke"),
        default="",
        description=_l("Nasjonale arrangementer er alltid med, som i kalenderen for fylket."),
    )
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
        _l("Tittel"),
        validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200), SingleLine()],
    )
    kind = SelectField(_l("Type"), choices=[(k, EVENT_KIND_LABELS[k]) for k in EVENT_KINDS])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional()])
    agenda = TextAreaField(
        _l("Program"),
        validators=[Optional(), Length(max=10000)],
        description=_l("Ett punkt per linje, for eksempel «09.00 Velkommen og kaffe»."),
    )
    starts_on = DateField(_l("Startdato"), validators=[InputRequired(_l("Velg en startdato."))])
    starts_time = TimeField(_l("Starttid"), validators=[InputRequired(_l("Velg en starttid."))])
    ends_on = DateField(_l("Sluttdato"), validators=[InputRequired(_l("Velg en sluttdato."))])
    ends_time = TimeField(_l("Sluttid"), validators=[InputRequired(_l("Velg en sluttid."))])
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])
    online_url = URLField(
        _l("Lenke til nettmøtet"),
        validators=[Optional(), HttpUrl(), Length(max=500)],
    )
    network = SelectField(_l("Nettverk"), coerce=int, validate_choice=False)
    themes = MultiCheckboxField(_l("Temaer"), coerce=int, validate_choice=False)
    # not "process": that is a method of every wtforms Form
    joint_process = SelectField(_l("Felles prosess"), coerce=int, validate_choice=False)
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
        validators=[Optional(), HttpUrl(), Length(max=500)],
    )

    #: service error keys (model names) -> form field that shows the message
    FIELD_FOR = {
        "starts_at": "starts_on",
        "ends_at": "ends_on",
        "network_id": "network",
        "process_id": "joint_process",
        "county_number": "county",
        "theme_ids": "themes",
        "theme_slugs": "themes",
        "registration_opens_at": "registration_opens_on",
        "registration_closes_at": "registration_closes_on",
    }

    def set_choices(self, networks, themes, processes=()) -> None:
        self.network.choices = [(0, _l("Ingen nettverk"))] + [(n.id, n.name) for n in networks]
        self.joint_process.choices = [(0, _l("Ingen prosess"))] + list(processes)
        self.themes.choices = [(t.id, theme_name(t)) for t in themes]
        self.county.choices = [("", _l("Hele landet"))] + sorted(
            COUNTIES.items(), key=lambda item: item[1]
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
            "agenda": (self.agenda.data or "").strip() or None,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "location": (self.location.data or "").strip() or None,
            "online_url": (self.online_url.data or "").strip() or None,
            "network_id": self.network.data or None,
            "process_id": self.joint_process.data or None,
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
        self.agenda.data = event.agenda
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
        self.joint_process.data = event.process_id or 0
        self.themes.data = [t.id for t in event.themes]
        self.county.data = event.county_number or ""
        self.capacity.data, self.presenter_slots.data = event.capacity, event.presenter_slots
        self.presenter_approval_required.data = event.presenter_approval_required
        self.members_only.data = event.members_only
