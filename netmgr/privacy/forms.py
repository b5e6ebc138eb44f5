"""Forms of the privacy pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..web.forms import email_field
from .retention import RULES


class EmailForm(FlaskForm):
    """One e-mail address: the public copy request and the coordinators' person lookup."""

    email = email_field(_l("Skriv inn en e-postadresse."))


class EraseForm(EmailForm):
    confirm = BooleanField(
        _l("Jeg forstår at personen slettes og at dette ikke kan angres"),
        validators=[DataRequired(_l("Bekreft slettingen."))],
    )


class RetentionForm(FlaskForm):
    """One period per retention rule (fields added below from the rules)."""


for _rule in RULES:
    setattr(
        RetentionForm,
        _rule.key,
        IntegerField(
            _rule.label,
            validators=[
                InputRequired(_l("Oppgi et tall.")),
                NumberRange(0, 1200, _l("Oppgi et tall mellom 0 og 1200.")),
            ],
        ),
    )


class AuditFilterForm(FlaskForm):
    """Filters of the audit page (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Handling"), validators=[Optional()], validate_choice=False)
    user = SelectField(_l("Bruker"), validators=[Optional()], validate_choice=False)
    object_type = SelectField(_l("Objekttype"), validators=[Optional()], validate_choice=False)
    object_id = IntegerField(_l("Objekt-ID"), validators=[Optional(), NumberRange(1, 2**31 - 1)])
    date_from = DateField(_l("Fra dato"), validators=[Optional()])
    date_to = DateField(_l("Til og med dato"), validators=[Optional()])
