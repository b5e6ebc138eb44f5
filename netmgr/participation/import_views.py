"""History import page: upload a CSV, dry run first, then import (all-or-nothing)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..web.access import coordinator_required
from ..web.security import large_body
from .importer import COLUMNS, import_participation

MAX_BYTES = 5 * 1024 * 1024


@large_body(MAX_BYTES + 1024 * 1024)  # the file and the multipart framing
@coordinator_required
def import_page():
    report, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(MAX_BYTES + 1) if upload else b""
        if not data:
            error = _("Velg en CSV-fil.")
        elif len(data) > MAX_BYTES:
            error = _("Filen er større enn 5 MB.")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                error = _("Filen må være lagret som UTF-8.")
            if text is not None:
                dry_run = request.form.get("action") != "import"
                report = import_participation(text, dry_run=dry_run, user=current_user)
                if report.errors or dry_run:
                    db.session.rollback()
                else:
                    db.session.commit()
                    flash(
                        _(
                            "Importert: %(n)s deltakelser, %(e)s nye arrangementer.",
                            n=report.registrations,
                            e=len(report.events_new),
                        ),
                        "success",
                    )
                    return redirect(url_for(".import_page"))
    status = 422 if error or (report and report.errors) else 200
    return render_template(
        "participation/import.html", report=report, error=error, columns=COLUMNS
    ), status
