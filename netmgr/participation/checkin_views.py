"""The check-in page: attended / no-show per registration, mark all, walk-ins.

Made for a phone at the door: a tap keeps the page at the row tapped (``#reg-<id>``), the
list can be searched by name or organisation, and a walk-in's organisation is typed with the
same type-ahead list as the public form. Attendance is recorded from the event's day only.
"""

from __future__ import annotations

import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.errors import ServiceError
from ..events.models import Event
from ..extensions import db
from ..organizations.models import Organization
from ..registration import intake
from ..registration.services import attendance_open
from ..web.access import coordinator_required
from ..web.inputs import arg_id, arg_text
from . import services

#: Every kind a walk-in may come from (a supplier too)
WALK_IN_KINDS = ("municipality", "county", "state_agency", "supplier", "other")

#: Field names in error messages, as the person reads them
FIELD_LABELS = {
    "organization": _l("Organisasjon"),
    "name": _l("Navn"),
    "email": _l("E-post"),
    "attendance": _l("Oppmøte"),
    "registration": _l("Påmelding"),
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def matches(reg, query: str) -> bool:
    """A row matches when the name, e-mail or organisation contains the search text."""
    folded = _fold(query)
    if not folded:
        return True
    haystack = " ".join(
        [
            reg.contact.name if reg.contact else "",
            reg.contact.email if reg.contact else "",
            reg.organization.display_name if reg.organization else "",
        ]
    )
    return folded in _fold(haystack)


def resolve_walk_in_organization(errors: dict) -> tuple[Organization | None, list]:
    """The organisation chosen (id from the "did you mean" list) or typed (type-ahead label,
    name or number); sets a message in ``errors`` and returns candidates otherwise."""
    chosen = arg_id("organization_id", source=request.form)
    if chosen:
        org = db.session.get(Organization, chosen)
        if org is not None and org.active:
            return org, []
    text = arg_text("organization", source=request.form)
    lookup = intake.find_organizations(text, kinds=WALK_IN_KINDS)
    if lookup.match is not None:
        return lookup.match, []
    if lookup.candidates:
        errors["organization"] = [_("Flere organisasjoner passer. Velg én i listen under.")]
    else:
        errors["organization"] = [_("Velg en organisasjon fra listen.")]
    return None, lookup.candidates


def _back(event: Event, query: str, anchor: str = ""):
    url = url_for(".checkin", event_id=event.id, **({"q": query} if query else {}))
    return redirect(url + anchor, code=303)


@coordinator_required
def checkin(event_id):
    event = db.session.get(Event, event_id) or abort(404)
    query = arg_text("q", source=request.values)
    errors: dict = {}
    candidates: list = []
    if request.method == "POST":
        action = request.form.get("action", "")
        anchor = ""
        try:
            if action == "all":
                n = services.mark_all_confirmed_attended(event)
                flash(_("%(n)s markert som møtt.", n=n), "success")
            elif action == "walk_in":
                org, candidates = resolve_walk_in_organization(errors)
                reg = services.add_walk_in(
                    event,
                    org.id if org else None,
                    request.form.get("name", ""),
                    request.form.get("email", ""),
                    errors=errors,
                )
                flash(_("Walk-in lagt til og markert som møtt."), "success")
                anchor = f"#reg-{reg.id}"
            elif action in ("attended", "no_show", "unknown"):
                reg = services.record_attendance(event, arg_id("registration_id"), action)
                anchor = f"#reg-{reg.id}"  # stay at the row tapped
            else:
                abort(400)
        except ServiceError as err:
            db.session.rollback()
            errors = err.errors
        else:
            db.session.commit()
            return _back(event, query, anchor)
    rows = services.checkin_rows(event)
    return render_template(
        "participation/checkin.html",
        event=event,
        rows=[r for r in rows if matches(r, query)],
        total=len(rows),
        attended=sum(1 for r in rows if r.attendance == "attended"),
        query=query,
        is_open=attendance_open(event),
        org_options=[intake.buyer_label(o) for o in intake.buyer_organizations(WALK_IN_KINDS)],
        candidates=candidates,
        errors=errors,
        error_labels=FIELD_LABELS,
        form=request.form,
    ), (422 if errors else 200)
