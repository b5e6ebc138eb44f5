"""Flask-WTF forms of the coordinator's process pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..web.forms import SingleLine, slug_field
from ..web.labels import theme_name
from .labels import PARTICIPANT_ROLE_LABELS, PHASE_LABELS, PROCESS_STATUS_LABELS
from .models import PHASES, ROLES, STATUSES


def _phase_choices():
    return [SelectChoice(p, PHASE_LABELS[p]) for p in PHASES]


class ProcessForm(FlaskForm):
    title = StringField(
        _l("Tittel"),
        validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200), SingleLine()],
    )
    slug = slug_field(_l("Små bokstaver, tall og bindestrek, f.eks. nattilsyn-innlandet."))
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=20000)])
    theme = SelectField(_l("Tema"), default="")
    network = SelectField(_l("Nettverket prosessen kom fra"), coerce=int, default=0)
    status = SelectField(_l("Status"), default="active")
    started_on = DateField(_l("Startdato"), validators=[Optional()])
    ended_on = DateField(_l("Sluttdato"), validators=[Optional()])
    public = BooleanField(_l("Vis prosessen offentlig"))

    def set_choices(self, themes, networks) -> None:
        self.theme.choices = [SelectChoice("", _l("Uten tema"))] + [
            SelectChoice(t.slug, theme_name(t)) for t in themes
        ]
        self.network.choices = [SelectChoice(0, _l("Ingen"))] + [
            SelectChoice(n.id, n.name) for n in networks
        ]
        self.status.choices = [SelectChoice(s, PROCESS_STATUS_LABELS[s]) for s in STATUSES]

    def fill(self, process) -> None:
        self.title.data, self.slug.data = process.title, process.slug
        self.description.data = process.description
        self.theme.data = process.theme.slug if process.theme else ""
        self.network.data = process.network_id or 0
        self.status.data = process.status
        self.started_on.data, self.ended_on.data = process.started_on, process.ended_on
        self.public.data = process.public

    def to_data(self) -> dict:
        return {
            "title": self.title.data,
            "slug": self.slug.data,
            "description": self.description.data or None,
            "theme": self.theme.data or None,
            "network_id": self.network.data or None,
            "status": self.status.data,
            "started_on": self.started_on.data,
            "ended_on": self.ended_on.data,
            "public": bool(self.public.data),
        }


class ParticipantForm(FlaskForm):
    organization_id = SelectField(_l("Organisasjon"), coerce=int, validate_choice=False)
    role = SelectField(
        _l("Rolle"),
        default="need_owner",
        choices=[SelectChoice(r, PARTICIPANT_ROLE_LABELS[r]) for r in ROLES],
    )
    joined_on = DateField(_l("Med fra"), validators=[Optional()])
    joined_in_phase = SelectField(_l("Ble med i fasen"))
    buys_separately = BooleanField(_l("Kjøper inn selv"), default=True)

    def set_choices(self, organizations) -> None:
        self.organization_id.choices = [SelectChoice(0, _l("Velg organisasjon"))] + [
            SelectChoice(o.id, o.name) for o in organizations
        ]
        self.joined_in_phase.choices = _phase_choices()


class PhaseForm(FlaskForm):
    phase = SelectField(_l("Ny fase"))
    changed_on = DateField(_l("Fasen begynte"), validators=[Optional()])
    allow_backwards = BooleanField(
        _l("Flytt bakover"), description=_l("Kryss av for å gå tilbake til en tidligere fase.")
    )
    note = TextAreaField(_l("Merknad"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = _phase_choices()


class LeaveForm(FlaskForm):
    left_on = DateField(_l("Siste dag"), validators=[Optional()])


class ConfirmForm(FlaskForm):
    """A button that needs only the CSRF token (publish, unpublish)."""


class ProcessFilterForm(FlaskForm):
    """Filters of the coordinator's list, read from the query string (GET, no CSRF)."""

    class Meta:
        csrf = False

    phase = SelectField(_l("Fase"), default="")
    status = SelectField(_l("Status"), default="")
    theme = SelectField(_l("Tema"), default="")

    def set_choices(self, themes) -> None:
        everything = SelectChoice("", _l("Alle"))
        self.phase.choices = [everything] + _phase_choices()
        self.status.choices = [everything] + [
            SelectChoice(s, PROCESS_STATUS_LABELS[s]) for s in STATUSES
        ]
        self.theme.choices = [everything] + [SelectChoice(t.slug, theme_name(t)) for t in themes]
