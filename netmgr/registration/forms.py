"""Registration forms: suppliers, public buyers, and the coordinator's "add" form.

Every field is checked on the server with a message next to it; control characters (NUL and
friends) and over-long input are refused before anything reaches the database.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.errors import ServiceError
from ..organizations.services import normalize_email, normalize_org_number
from ..web.forms import SingleLine
from ..web.labels import (
    ORGANIZATION_KIND_LABELS,
    REGISTRATION_ROLE_LABELS,
    REGISTRATION_STATUS_LABELS,
)

#: Control characters other than tab, newline and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{5,25}$")
#: The message of a field over its length
_TOO_LONG = _l("Skriv høyst %(max)d tegn.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PlainText:
    """Refuse control characters (NUL bytes, escape sequences): no database can store them all."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and _CONTROL.search(field.data):
            raise ValidationError(_l("Feltet inneholder tegn som ikke er tillatt."))


class Empty:
    """Honeypot: people never see the field, so they leave it empty."""

    def __call__(self, form, field):
        if field.data:
            form.is_bot = True


def _text(label, max_length, required_message=None, **kw):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    validators += [
        Length(max=max_length, message=_TOO_LONG),
        PlainText(),
        SingleLine(),  # every field here is one line (a name, a title, a number)
    ]
    return StringField(label, validators=validators, filters=[_strip], **kw)


def _email(form, field):
    try:
        field.data = normalize_email(field.data)
    except ServiceError as exc:
        raise ValidationError(next(iter(exc.errors.values()))[0]) from None


def _phone(form, field):
    if field.data and not _PHONE.match(field.data):
        raise ValidationError(_l("Skriv et gyldig telefonnummer, for eksempel 912 34 567."))


def _email_field(required_message, too_long=_TOO_LONG, **kw):
    """A required e-mail address: trimmed, at most 254 characters, normalised as the contact
    register stores it (``too_long``: the message over the limit; None: WTForms' own)."""
    validators = [DataRequired(required_message), Length(max=254, message=too_long), PlainText()]
    return EmailField(_l("E-postadresse"), filters=[_strip], validators=[*validators, _email], **kw)


def _phone_field(too_long=_TOO_LONG, **kw):
    """An optional phone number (at most 40 characters; ``too_long`` as for the e-mail)."""
    validators = [Optional(), Length(max=40, message=too_long), PlainText(), _phone]
    return TelField(_l("Telefon"), filters=[_strip], validators=validators, **kw)


def _filter(label, choices, everything=_l("Alle")):
    """A list filter in the query string: the empty value (``everything``) shows all rows."""
    return SelectField(
        label, validate_choice=True, default="", choices=[("", everything), *choices]
    )


class _ContactFields(FlaskForm):
    """Contact details common to both public forms, and the honeypot."""

    contact_name = _text(
        _l("Navnet ditt"), 200, _l("Skriv navnet ditt."), render_kw={"autocomplete": "name"}
    )
    email = _email_field(
        _l("Skriv e-postadressen din."),
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    phone = _phone_field(render_kw={"autocomplete": "tel"})
    #: Honeypot, hidden from people with CSS; bots fill it in
    homepage = StringField(
        _l("Nettside (la stå tomt)"),
        validators=[Empty()],
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )

    is_bot = False


class SupplierForm(_ContactFields):
    org_number = _text(
        _l("Organisasjonsnummer"),
        40,
        _l("Skriv organisasjonsnummeret."),
        description=_l("9 siffer, for eksempel 974 760 673."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    company_name = _text(
        _l("Navn på virksomheten"),
        200,
        _l("Skriv navnet på virksomheten."),
        render_kw={"autocomplete": "organization"},
    )
    participation = RadioField(
        _l("Hvordan vil du delta?"),
        default="attendee",
        choices=[
            ("attendee", _l("Jeg vil delta")),
            ("presenter", _l("Jeg vil be om å få presentere en løsning")),
        ],
        validators=[DataRequired(_l("Velg hvordan du vil delta."))],
    )
    solution_title = _text(
        _l("Navn på løsningen"), 200, description=_l("Fylles ut når du vil presentere.")
    )
    solution_description = TextAreaField(
        _l("Kort beskrivelse av løsningen"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=2000, message=_TOO_LONG),
            PlainText(),
        ],
    )
    theme = SelectField(_l("Tema løsningen svarer på"), validate_choice=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [("", _l("Velg tema"))] + [(t.slug, name) for t, name in themes]
        self._theme_slugs = {t.slug for t, _name in themes}

    def validate_org_number(self, field):
        try:
            field.data = normalize_org_number(field.data)
        except ServiceError as exc:
            raise ValidationError(next(iter(exc.errors.values()))[0]) from None

    def validate_theme(self, field):
        if field.data and field.data not in self._theme_slugs:
            raise ValidationError(_l("Velg et tema fra listen."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.participation.data == "presenter":  # Optional() stops the field chains
            if not self.solution_title.data and not self.solution_title.errors:
                self.solution_title.errors = list(self.solution_title.errors) + [
                    _l("Skriv navnet på løsningen du vil presentere.")
                ]
                ok = False
            if not self.theme.data and not self.theme.errors:
                self.theme.errors = list(self.theme.errors) + [
                    _l("Velg temaet løsningen svarer på.")
                ]
                ok = False
        return ok


class BuyerForm(_ContactFields):
    organization = _text(
        _l("Kommune, fylkeskommune eller statlig virksomhet"),
        200,
        _l("Skriv navnet eller nummeret til virksomheten din."),
        description=_l("Skriv en del av navnet eller kommunenummeret og velg fra listen."),
        render_kw={"list": "buyer-organizations", "autocomplete": "off"},
    )
    organization_id = RadioField(
        _l("Velg virksomheten din"), validate_choice=False, choices=[], validators=[Optional()]
    )
    title = _text(
        _l("Stilling eller rolle"),
        200,
        _l("Skriv stillingen eller rollen din."),
        render_kw={"autocomplete": "organization-title"},
    )


class CoordinatorAddForm(FlaskForm):
    """A coordinator adds someone (after the deadline too, or to a past event)."""

    organization = _text(
        _l("Organisasjon"),
        200,
        _l("Skriv navn eller nummer på organisasjonen."),
        description=_l("Navn, kommunenummer eller organisasjonsnummer."),
        render_kw={"list": "all-organizations", "autocomplete": "off"},
    )
    company_name = _text(
        _l("Navn på ny leverandør"), 200, description=_l("Bare når organisasjonsnummeret er nytt.")
    )
    contact_name = _text(_l("Navn"), 200, _l("Skriv navnet."))
    email = _email_field(_l("Skriv e-postadressen."), too_long=None)
    phone = _phone_field(too_long=None)
    role = SelectField(
        _l("Rolle"), choices=[("attendee", _l("Deltaker")), ("presenter", _l("Presentatør"))]
    )
    solution_title = _text(_l("Navn på løsningen"), 200)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if (
            self.role.data == "presenter"
            and not self.solution_title.data
            and not self.solution_title.errors
        ):
            self.solution_title.errors = list(self.solution_title.errors) + [
                _l("Skriv navnet på løsningen.")
            ]
            ok = False
        return ok


class FilterForm(FlaskForm):
    """Filters of the coordinator's registration list (query string, no CSRF)."""

    class Meta:
        csrf = False

    status = _filter(
        _l("Status"),
        [*REGISTRATION_STATUS_LABELS.items(), ("all", _l("Alle"))],
        everything=_l("Alle aktive"),
    )
    role = _filter(_l("Rolle"), REGISTRATION_ROLE_LABELS.items())
    kind = _filter(_l("Type organisasjon"), ORGANIZATION_KIND_LABELS.items())
    small = _filter(
        _l("Kommunestørrelse"),
        [("yes", _l("Små kommuner (under 5 000)")), ("no", _l("Andre"))],
    )


class ActionForm(FlaskForm):
    """CSRF-only form for the POST buttons (move, cancel, approve, decline)."""

    next = HiddenField()
