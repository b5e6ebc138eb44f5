"""Normalising what people type: organisation numbers, e-mail addresses, control characters."""

from __future__ import annotations

from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr

from ..core.errors import ServiceError
from ..web.inputs import NOT_IN_A_LINE

#: Line breaks and other control characters: refused in names and titles (mail headers, CSV);
#: the one definition is :data:`netmgr.web.inputs.NOT_IN_A_LINE` (``single_line``)
CONTROL_CHARACTERS = NOT_IN_A_LINE


def normalize_org_number(value, field: str = "org_number") -> str:
    """Validate a Norwegian organisation number (MOD11) and return its 9 digits."""
    text = str(value or "").strip().replace("-", "").replace(".", "")
    if not text:
        raise ServiceError({field: [_("Skriv et organisasjonsnummer.")]})
    try:
        return orgnr.validate(text)
    except StdnumError:
        raise ServiceError(
            {
                field: [
                    _(
                        "Ugyldig organisasjonsnummer: det må være 9 siffer "
                        "med riktig kontrollsiffer."
                    )
                ]
            }
        ) from None


def normalize_email(value, field: str = "email") -> str:
    """Validate an e-mail address (syntax only, no DNS) and return it normalised, lower case."""
    text = str(value or "").strip()
    if not text:
        raise ServiceError({field: [_("Skriv en e-postadresse.")]})
    try:
        email = _normalized(text)
    except (EmailNotValidError, ValueError, UnicodeError):
        raise ServiceError({field: [_("Ugyldig e-postadresse.")]}) from None
    if len(email) > 254:
        raise ServiceError({field: [_("E-postadressen er for lang.")]})
    return email


@lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    """email_validator's normal form, remembered: a request asks it up to three times for one
    address (look-up, creation, schema), ~0.3 ms each. Errors are raised, never cached."""
    return validate_email(text, check_deliverability=False).normalized.lower()
