"""The invitation's own words: subject, opening paragraph and personal greeting, editable
while the campaign is a draft (the page then shows the preview of exactly that mail)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..core.audit import audit
from ..core.errors import ServiceError
from ..web.inputs import BAD_CHARS, LINE_BREAKS
from .models import Campaign

LIMITS = {"subject": 200, "intro": 5000, "message": 5000}


def update_text(campaign: Campaign, values: dict, user=None) -> list[str]:
    """Set ``subject``, ``intro`` and ``message`` (empty: the standard text). Returns the
    names that changed. A sent or scheduled campaign keeps its words."""
    if campaign.status != "draft":
        raise ServiceError({"text": [_l("Teksten kan bare endres før invitasjonen er sendt.")]})
    errors: dict[str, list] = {}
    clean = {}
    for name, limit in LIMITS.items():
        text = (values.get(name) or "").replace("\r\n", "\n").strip()
        if BAD_CHARS.search(text):
            errors[name] = [_l("Feltet inneholder tegn som ikke er tillatt.")]
        elif len(text) > limit:
            errors[name] = [_l("Skriv høyst %(max)d tegn.", max=limit)]
        elif name == "subject" and LINE_BREAKS.search(text):
            errors[name] = [_l("Emnet må stå på én linje.")]
        clean[name] = text or None
    if errors:
        raise ServiceError(errors)
    changed = [name for name, value in clean.items() if getattr(campaign, name) != value]
    for name in changed:
        setattr(campaign, name, clean[name])
    if changed:
        audit("campaign.text_changed", campaign, user=user, fields=changed)
    return changed
