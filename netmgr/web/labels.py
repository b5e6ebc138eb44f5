"""Translated names of enumerated values shown on pages (kinds, statuses, roles)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

EVENT_KIND_LABELS = {
    "network_meeting": _l("Nettverksmøte"),
    "meeting_place": _l("Møteplass"),
    "market_dialogue": _l("Markedsdialog"),
    "webinar": _l("Webinar"),
    "other": _l("Annet"),
}
EVENT_STATUS_LABELS = {
    "draft": _l("Utkast"),
    "published": _l("Publisert"),
    "cancelled": _l("Avlyst"),
}
#: Colour of the status tag (Digdir data-color)
STATUS_COLORS = {
    "draft": "neutral",
    "published": "success",
    "cancelled": "danger",
    "confirmed": "success",
    "waitlisted": "warning",
    "full": "warning",
    "open": "success",
    "closed": "neutral",
}
ROLE_LABELS = {"coordinator": _l("Koordinator"), "admin": _l("Administrator")}
REGISTRATION_STATUS_LABELS = {
    "confirmed": _l("Bekreftet"),
    "waitlisted": _l("På venteliste"),
    "cancelled": _l("Avmeldt"),
}


def county_names() -> dict[str, str]:
    from ..core.counties import COUNTIES

    return dict(COUNTIES)


def theme_name(theme) -> str:
    from .formatting import current_language

    return theme.name_for(current_language()) if theme is not None else ""


def template_globals() -> dict:
    return {
        "EVENT_KIND_LABELS": EVENT_KIND_LABELS,
        "EVENT_STATUS_LABELS": EVENT_STATUS_LABELS,
        "STATUS_COLORS": STATUS_COLORS,
        "ROLE_LABELS": ROLE_LABELS,
        "REGISTRATION_STATUS_LABELS": REGISTRATION_STATUS_LABELS,
        "county_names": county_names,
        "theme_name": theme_name,
    }
