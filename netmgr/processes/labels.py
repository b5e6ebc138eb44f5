"""Translated names of phases, statuses and roles (shown on pages, in nb, nn and en)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PHASE_LABELS = {
    "needs": _l("Behovskartlegging"),
    "market_dialogue": _l("Markedsdialog"),
    "competition": _l("Konkurranse"),
    "contract": _l("Kontrakt og gjennomføring"),
    "follow_up": _l("Gevinstrealisering og erfaringsdeling"),
}
PROCESS_STATUS_LABELS = {
    "active": _l("Pågår"),
    "completed": _l("Fullført"),
    "stopped": _l("Stoppet"),
}
PARTICIPANT_ROLE_LABELS = {
    "need_owner": _l("Behovseier"),
    "lead": _l("Prosessleder"),
    "observer": _l("Observatør"),
}


def template_globals() -> dict:
    return {
        "PHASE_LABELS": PHASE_LABELS,
        "PROCESS_STATUS_LABELS": PROCESS_STATUS_LABELS,
        "PARTICIPANT_ROLE_LABELS": PARTICIPANT_ROLE_LABELS,
    }
