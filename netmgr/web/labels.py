"""Translated names of enumerated values shown on pages (kinds, statuses, roles)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..core.counties import COUNTIES
from .formatting import current_language

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


ORGANIZATION_KIND_LABELS = {
    "municipality": _l("Kommune"),
    "county": _l("Fylkeskommune"),
    "state_agency": _l("Statlig virksomhet"),
    "supplier": _l("Leverandør"),
    "other": _l("Annen"),
}
WRITTEN_STANDARD_LABELS = {"nb": _l("Bokmål"), "nn": _l("Nynorsk"), "neutral": _l("Nøytral")}
REGISTRATION_ROLE_LABELS = {"attendee": _l("Deltaker"), "presenter": _l("Presentatør")}
ATTENDANCE_LABELS = {
    "unknown": _l("Ikke registrert"),
    "attended": _l("Møtt"),
    "no_show": _l("Uteblitt"),
}
SOURCE_LABELS = {
    "form": _l("Påmeldingsskjema"),
    "invitation": _l("Invitasjon"),
    "api": _l("API"),
    "import": _l("Import"),
    "coordinator": _l("Koordinator"),
    "walk_in": _l("Uanmeldt oppmøte"),
}
PRESENTER_APPROVAL_LABELS = {
    "pending": _l("Venter på godkjenning"),
    "approved": _l("Godkjent"),
    "declined": _l("Avslått"),
}
CAMPAIGN_STATUS_LABELS = {"draft": _l("Utkast"), "scheduled": _l("Planlagt"), "sent": _l("Sendt")}
RESPONSE_LABELS = {
    "none": _l("Ikke svart"),
    "accepted": _l("Kommer"),
    "declined": _l("Kommer ikke"),
    "tentative": _l("Kanskje"),
}
OUTBOX_STATE_LABELS = {
    "pending": _l("I kø"),
    "claimed": _l("Sendes nå"),
    "sent": _l("Sendt"),
    "failed": _l("Feilet"),
}
#: One table per enumeration, named by the model column it labels
ENUMERATIONS = {
    "event_kind": EVENT_KIND_LABELS,
    "event_status": EVENT_STATUS_LABELS,
    "user_role": ROLE_LABELS,
    "registration_status": REGISTRATION_STATUS_LABELS,
    "registration_role": REGISTRATION_ROLE_LABELS,
    "attendance": ATTENDANCE_LABELS,
    "source": SOURCE_LABELS,
    "presenter_approval": PRESENTER_APPROVAL_LABELS,
    "organization_kind": ORGANIZATION_KIND_LABELS,
    "written_standard": WRITTEN_STANDARD_LABELS,
    "campaign_status": CAMPAIGN_STATUS_LABELS,
    "response": RESPONSE_LABELS,
    "outbox_state": OUTBOX_STATE_LABELS,
}


def label(value, enumeration: str) -> str:
    """The reader's-language name of an enumerated value: ``{{ reg.source|label('source') }}``.
    An empty value gives ""; an unknown one is shown as it is (never hidden)."""
    if value is None or value == "":
        return ""
    return str(ENUMERATIONS[enumeration].get(value, value))


def county_names() -> dict[str, str]:

    return dict(COUNTIES)


def theme_name(theme) -> str:

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
        "label": label,
    }
