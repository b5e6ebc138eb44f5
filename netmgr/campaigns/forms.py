"""Flask-WTF form of the official-address invitation page.

The signed personal token in the URL is the credential (as for the RSVP links), so the form
carries no CSRF token: mail clients and forwarded messages open it from anywhere."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..web.forms import SingleLine, email_field


class OfficialAnswerForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(
        _l("Navn"),
        validators=[DataRequired(_l("Skriv navnet ditt.")), Length(max=200), SingleLine()],
    )
    email = email_field(_l("Skriv e-postadressen din."))
    title = StringField(
        _l("Stilling eller rolle"), validators=[Optional(), Length(max=200), SingleLine()]
    )
    answer = RadioField(
        _l("Kommer du?"),
        choices=[("accepted", _l("Jeg kommer")), ("declined", _l("Jeg kommer ikke"))],
        validators=[DataRequired(_l("Velg om du kommer."))],
    )

    FIELD_FOR = {"answer": "answer"}
