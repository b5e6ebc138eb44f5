from __future__ import annotations

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..core.timeutil import OSLO, UTC
from ..extensions import db
from ..networks.models import Network
from ..web.forms import HttpUrl, SingleLine
from ..web.labels import EVENT_KIND_LABELS

_OFFSET = re.compile(r"^\s*(\d{1,4})\s*([dDtThH]?)\s*$")


class ReminderForm(FlaskForm):
    hours = StringField(
        _l("Påminnelser før start"),
        description=_l("For eksempel «7d, 1d» eller «48t». Tomt felt slår påminnelser av."),
        validators=[Length(max=100)],
    )

    def parsed_hours(self) -> list[int]:
        result = []
        for part in filter(None, (p.strip() for p in (self.hours.data or "").split(","))):
            number, unit = _OFFSET.match(part).groups()
            result.append(int(number) * (24 if unit.lower() == "d" else 1))
        return sorted(set(result), reverse=True)

    def validate_hours(self, field):
        for part in filter(None, (p.strip() for p in (field.data or "").split(","))):
            match = _OFFSET.match(part)
            if (
                not match
                or not 0
                < int(match.group(1)) * (24 if match.group(2).lower() == "d" else 1)
                <= 24 * 365
            ):
                raise ValidationError(
                    _l("Skriv tider som «7d» (dager) eller «24t» (timer), skilt med komma.")
                )


class SeriesForm(FlaskForm):
    title = StringField(_l("Tittel"), validators=[DataRequired(), Length(max=200), SingleLine()])
    kind = SelectField(_l("Type"), default="network_meeting")
    network_id = SelectField(
        _l("Nettverk"), coerce=lambda v: int(v) if v else None, validators=[Optional()]
    )
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=5000)])
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])
    online_url = StringField(
        _l("Lenke til digitalt møte"), validators=[Optional(), HttpUrl(), Length(max=500)]
    )
    capacity = IntegerField(_l("Antall plasser"), validators=[Optional(), NumberRange(min=0)])
    first_date = DateField(_l("Første samling (dato)"), validators=[DataRequired()])
    start_time = TimeField(_l("Starttid"), validators=[DataRequired()])
    duration_minutes = IntegerField(
        _l("Varighet i minutter"), validators=[DataRequired(), NumberRange(min=1, max=24 * 60)]
    )
    rrule = StringField(
        _l("Gjentakelse (RRULE)"),
        default="FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU",
        description=_l(
            "RFC 5545-regel, f.eks. FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU "
            "(første tirsdag annenhver måned)."
        ),
        validators=[DataRequired(), Length(max=300)],
    )
    exceptions = TextAreaField(
        _l("Unntak (datoer uten samling)"),
        description=_l("Én dato per linje, ÅÅÅÅ-MM-DD."),
        validators=[Optional(), Length(max=2000)],
    )
    until = DateField(_l("Siste dato (valgfritt)"), validators=[Optional()])
    horizon_days = IntegerField(
        _l("Opprett samlinger så mange dager fram"),
        default=120,
        validators=[DataRequired(), NumberRange(min=1, max=730)],
    )
    publish = BooleanField(_l("Publiser samlingene med en gang"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        networks = db.session.scalars(select(Network).order_by(Network.name)).all()
        self.network_id.choices = [("", "—")] + [(n.id, n.name) for n in networks]

        self.kind.choices = list(EVENT_KIND_LABELS.items())

    def validate_exceptions(self, field):
        for line in (field.data or "").split():
            try:
                dt.date.fromisoformat(line.strip())
            except ValueError:
                raise ValidationError(
                    _l("«%(value)s» er ikke en dato (ÅÅÅÅ-MM-DD).", value=line[:20])
                ) from None

    def validate_rrule(self, field):
        if "DTSTART" in (field.data or "").upper():
            raise ValidationError(_l("Oppgi første dato i eget felt, ikke DTSTART i regelen."))

    def load(self, series) -> None:
        local = series.starts_at.astimezone(OSLO)
        self.first_date.data, self.start_time.data = local.date(), local.time()
        self.exceptions.data = "\n".join(series.exceptions or [])

    def values(self) -> dict:
        start = dt.datetime.combine(self.first_date.data, self.start_time.data, tzinfo=OSLO)
        return {
            "title": self.title.data.strip(),
            "kind": self.kind.data,
            "network_id": self.network_id.data or None,
            "description": self.description.data or None,
            "location": self.location.data or None,
            "online_url": self.online_url.data or None,
            "capacity": self.capacity.data,
            "starts_at": start.astimezone(UTC),
            "duration_minutes": self.duration_minutes.data,
            "rrule": self.rrule.data.strip().removeprefix("RRULE:"),
            "exceptions": sorted({d.strip() for d in (self.exceptions.data or "").split()}),
            "until": self.until.data,
            "horizon_days": self.horizon_days.data,
            "publish": bool(self.publish.data),
            "coordinator_id": getattr(current_user, "id", None),
        }

    def add_service_errors(self, errors: dict) -> None:
        for name, messages in errors.items():
            field = getattr(self, name, None)
            target = field.errors if field is not None else self.form_errors
            target.extend(messages)
