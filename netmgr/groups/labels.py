"""Translated names of the group kinds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GROUP_KIND_LABELS = {
    "procurement_cooperation": _l("Innkjøpssamarbeid"),
    "regional_council": _l("Regionråd"),
    "other": _l("Annen gruppe"),
}


def group_kind_label(kind: str) -> str:
    return str(GROUP_KIND_LABELS.get(kind, kind))
