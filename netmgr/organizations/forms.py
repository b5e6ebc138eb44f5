"""Flask-WTF forms of the coordinator's organisation and contact pages (CSRF on every one).

The forms check shape (required, length); the services check the rules (organisation number,
e-mail address, control characters) and their messages land next to the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..web.forms import HttpUrl, SingleLine

#: Kinds a coordinator creates by hand (municipalities and counties come from the registry)
MANUAL_KINDS = ("supplier", "state_agency", "other")
KIND_LABELS = {
    "municipality": _l("Kommune"),
    "county": _l("Fylke"),
    "state_agency": _l("Statlig virksomhet"),
    "supplier": _l("Leverandør"),
    "other": _l("Annen organisasjon"),
}
LANGUAGE_LABELS = {"nb": _l("Bokmål"), "nn": _l("Nynorsk"), "en": _l("Engelsk")}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class OrganizationForm(FlaskForm):
    kind = SelectField(
        _l("Type"), choices=[(k, KIND_LABELS[k]) for k in MANUAL_KINDS], validate_choice=True
    )
    name = StringField(
        _l("Navn"),
        validators=[DataRequired(_l("Skriv et navn.")), Length(max=200), SingleLine()],
        filters=[_strip],
    )
    org_number = StringField(
        _l("Organisasjonsnummer"),
        description=_l("9 siffer. Må fylles ut for leverandører."),
        validators=[Optional(), Length(max=20)],
        filters=[_strip],
    )
    official_email = StringField(
        _l("Offisiell e-postadresse (postmottak)"),
        description=_l("Invitasjoner går hit når ingen kontaktperson kan nås."),
        validators=[Optional(), Length(max=320)],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "email"},
    )
    website = StringField(
        _l("Nettsted"), validators=[Optional(), Length(max=200), HttpUrl()], filters=[_strip]
    )
    active = BooleanField(_l("Aktiv"), default=True)

    #: Fields a registry organisation (municipality, county) may change here
    REGISTRY_FIELDS = ("official_email", "website")

    def to_data(self) -> dict:
        data = {name: self[name].data for name in ("official_email", "website")}
        if "kind" in self:
            data.update(
                kind=self.kind.data,
                name=self.name.data,
                org_number=self.org_number.data or None,
                active=bool(self.active.data),
            )
        return data


class ContactForm(FlaskForm):
    name = StringField(
        _l("Navn"),
        validators=[DataRequired(_l("Skriv et navn.")), Length(max=200), SingleLine()],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
    email = StringField(
        _l("E-postadresse"),
        validators=[DataRequired(_l("Skriv en e-postadresse.")), Length(max=320)],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "email"},
    )
    title = StringField(
        _l("Stilling"), validators=[Optional(), Length(max=200), SingleLine()], filters=[_strip]
    )
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=40)], filters=[_strip])
    language = SelectField(
        _l("Språk"),
        description=_l("Tomt: organisasjonens målform."),
        choices=[("", _l("Fra organisasjonen"))] + list(LANGUAGE_LABELS.items()),
        validate_choice=False,
    )
    opted_out = BooleanField(_l("Reservert mot invitasjoner"))
    note = TextAreaField(_l("Notat"), validators=[Optional(), Length(max=2000)])

    def to_data(self) -> dict:
        return {
            "name": self.name.data,
            "email": self.email.data,
            "title": self.title.data or None,
            "phone": self.phone.data or None,
            "language": self.language.data or None,
            "opted_out": bool(self.opted_out.data),
            "note": (self.note.data or "").strip() or None,
        }


class MergeForm(FlaskForm):
    source = SelectField(
        _l("Kontaktperson som slås sammen med denne"),
        description=_l(
            "Påmeldinger, svar på invitasjoner og kalenderabonnement flyttes hit; "
            "den valgte kontaktpersonen slettes."
        ),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Velg en kontaktperson."))],
    )


class ContactImportForm(FlaskForm):
    file = FileField(_l("Fil (CSV eller Excel .xlsx)"))
