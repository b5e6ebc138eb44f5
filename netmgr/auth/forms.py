"""Flask-WTF forms of sign-in, password reset and user administration (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..web.forms import SingleLine, email_field
from ..web.labels import ROLE_LABELS
from .models import ROLES

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _own_email_field() -> EmailField:
    """The address a person signs in with (sign-in and password reset ask the same way)."""
    return EmailField(
        _l("E-postadresse"),
        validators=[
            DataRequired(_l("Skriv inn e-postadressen din.")),
            Email(
                _l("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
                check_deliverability=False,
            ),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


def _new_password_fields(label) -> tuple[PasswordField, PasswordField]:
    """A new password (the same rule wherever one is set) and the field that repeats it."""
    password = PasswordField(
        label,
        validators=[
            DataRequired(_l("Skriv et passord.")),
            Length(min=10, message=_l("Passordet må ha minst 10 tegn.")),
        ],
    )
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[EqualTo("password", message=_l("Passordene er ikke like."))],
    )
    return password, confirm


class LoginForm(FlaskForm):
    email = _own_email_field()
    password = PasswordField(
        _l("Passord"),
        validators=[DataRequired(_l("Skriv inn passordet ditt."))],
        render_kw={"autocomplete": "current-password"},
    )


class ResetRequestForm(FlaskForm):
    email = _own_email_field()


class UserForm(FlaskForm):
    email = email_field(_l("Skriv en e-postadresse."), _l("Skriv en gyldig e-postadresse."))
    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv et navn.")), Length(max=200), SingleLine()]
    )
    role = SelectField(_l("Rolle"), choices=ROLE_CHOICES)
    password, confirm = _new_password_fields(_l("Passord"))

    FIELD_FOR = {}


class PasswordForm(FlaskForm):
    password, confirm = _new_password_fields(_l("Nytt passord"))

    FIELD_FOR = {}


class TokenForm(FlaskForm):
    name = StringField(
        _l("Navn på nøkkelen"),
        description=_l("Hva nøkkelen brukes til, f.eks. «Rapportskript»."),
        validators=[DataRequired(_l("Skriv et navn.")), Length(max=100), SingleLine()],
    )

    FIELD_FOR = {}
