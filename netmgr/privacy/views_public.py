"""Public pages: the privacy notice with the copy request, and the accessibility statement."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, render_template

from ..extensions import db, limiter
from ..web.formatting import current_language
from .datamap import CATEGORIES, fields_of
from .forms import EmailForm
from .records import controller, retention_text
from .requests import find_request, redeem, request_copy
from .retention import settings

#: Known deviations from WCAG 2.1 AA (uustatus: "Avvik fra kravene")
KNOWN_DEVIATIONS = ("map", "downloads")


def _notice(form: EmailForm, status: int = 200):
    periods = settings()
    categories = [
        {"category": c, "fields": fields_of(c.key), "retention": retention_text(c, periods)}
        for c in CATEGORIES
        if c.key != "staff"
    ]
    return render_template(
        "privacy/notice.html",
        categories=categories,
        controller=controller(),
        version=current_app.config.get("PRIVACY_NOTICE_VERSION"),
        form=form,
    ), status


def notice():
    return _notice(EmailForm())


@limiter.limit("10 per hour")
def access_request():
    form = EmailForm()
    if not form.validate_on_submit():
        return _notice(form, 422)
    request_copy(form.email.data, current_language())
    db.session.commit()
    return render_template("privacy/access_sent.html")


def access_link(token: str):
    row = find_request(token)
    if row is None:
        return render_template("privacy/access_invalid.html"), 404
    return render_template("privacy/access_download.html", expires_at=row.expires_at)


def access_download(token: str):
    row = find_request(token)
    if row is None:
        return render_template("privacy/access_invalid.html"), 404
    data = redeem(row)
    db.session.commit()
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="mine-opplysninger.zip"'},
    )


def accessibility():
    checked = dt.date.fromisoformat(current_app.config.get("ACCESSIBILITY_CHECKED_ON"))
    return render_template(
        "privacy/accessibility.html",
        checked=checked,
        deviations=KNOWN_DEVIATIONS,
        controller=controller(),
    )
