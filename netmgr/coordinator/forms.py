"""Flask-WTF forms of the coordinator pages (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
)

from ..auth.models import ROLES
from ..web.forms import ConfirmForm  # noqa: F401  (the account pages use it from here)
from ..web.labels import ROLE_LABELS

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]


class UserForm(FlaskForm):
    email = EmailField(
        _l("E-postadresse"),
        validators=[
            DataRequired(_l("Skriv en e-postadresse.")),
            Email(message=_l("Skriv en gyldig e-postadresse.")),
            Length(max=254),
        ],
    )
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv et navn.")), Length(max=200)])
    role = SelectField(_l("Rolle"), choices=ROLE_CHOICES)
    password = PasswordField(
        _l("Passord"),
        validators=[
            DataRequired(_l("Skriv et passord.")),
            Length(min=10, message=_l("Passordet må ha minst 10 tegn.")),
        ],
    )
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[EqualTo("password", message=_l("Passordene er ikke like."))],
    )

    FIELD_FOR = {}


class PasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nytt passord"),
        validators=[
            DataRequired(_l("Skriv et passord.")),
            Length(min=10, message=_l("Passordet må ha minst 10 tegn.")),
        ],
    )
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[EqualTo("password", message=_l("Passordene er ikke like."))],
    )

    FIELD_FOR = {}


class TokenForm(FlaskForm):
    name = StringField(
        _l("Navn på nøkkelen"),
        description=_l("Hva nøkkelen brukes til, f.eks. «Rapportskript»."),
        validators=[DataRequired(_l("Skriv et navn.")), Length(max=100)],
    )

    FIELD_FOR = {}
