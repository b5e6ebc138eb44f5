"""Records of processing activities (protokoll, GDPR art. 30) generated from the data map,
with the columns of Datatilsynet's template for controllers."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..web.exports import csv_bytes, xlsx_bytes
from .datamap import CATEGORIES, fields_of
from .retention import UNIT_LABELS, rule, settings

COLUMNS = (
    ("activity", _l("Behandlingsaktivitet")),
    ("controller", _l("Behandlingsansvarlig og kontaktinformasjon")),
    ("dpo", _l("Personvernombud")),
    ("purpose", _l("Formål med behandlingen")),
    ("legal_basis", _l("Behandlingsgrunnlag")),
    ("subjects", _l("Kategorier av registrerte")),
    ("data", _l("Kategorier av personopplysninger")),
    ("recipients", _l("Kategorier av mottakere")),
    ("third_countries", _l("Overføring til tredjeland")),
    ("erasure", _l("Planlagte tidsfrister for sletting")),
    ("security", _l("Tekniske og organisatoriske sikkerhetstiltak")),
)

SECURITY = _l(
    "Tilgang bare for innloggede koordinatorer og administratorer; kryptert overføring (HTTPS);"
    " tokener lagres som hash; revisjonslogg; automatisk sletting etter fristene"
)


def retention_text(category, periods: dict[str, int] | None = None) -> str:
    """How long a category is kept, in words (from the admin's current settings)."""
    if category.rule is None:
        return str(category.retention)
    periods = periods or settings()
    r = rule(category.rule)
    return _(
        "%(amount)s %(unit)s: %(what)s",
        amount=periods[r.key],
        unit=UNIT_LABELS[r.unit],
        what=r.label,
    )


def controller() -> dict[str, str]:
    cfg = current_app.config
    return {
        "name": cfg.get("PRIVACY_CONTROLLER") or "",
        "contact": cfg.get("PRIVACY_CONTACT") or "",
        "dpo": cfg.get("PRIVACY_DPO") or "",
    }


def rows() -> list[dict[str, str]]:
    """One row per processing activity, keyed like :data:`COLUMNS`."""
    who = controller()
    periods = settings()
    return [
        {
            "activity": str(cat.label),
            "controller": f"{who['name']}, {who['contact']}",
            "dpo": who["dpo"],
            "purpose": str(cat.purpose),
            "legal_basis": str(cat.legal_basis),
            "subjects": str(cat.subjects),
            "data": ", ".join(str(f.label) for f in fields_of(cat.key)),
            "recipients": str(cat.recipients),
            "third_countries": _("Ingen"),
            "erasure": retention_text(cat, periods),
            "security": str(SECURITY),
        }
        for cat in CATEGORIES
    ]


def as_csv() -> bytes:
    return csv_bytes([str(label) for _key, label in COLUMNS], _values())


def as_xlsx() -> bytes:
    return xlsx_bytes(
        [str(label) for _key, label in COLUMNS],
        _values(),
        sheet=_("Protokoll"),
        width=40,
        wrap=True,
    )


def _values():
    return ([row[key] for key, _label in COLUMNS] for row in rows())
