"""The contact import page: upload, see the dry run, then confirm (all-or-nothing).

Between the dry run and the confirmation the uploaded bytes wait in a private temporary file
named by a random token and the coordinator's id, so the import that runs is exactly the file
that was previewed; it is deleted once imported and after an hour in any case.
"""

from __future__ import annotations

import os
import pathlib
import re
import secrets
import tempfile
import time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..web.access import coordinator_required
from .contact_import import COLUMNS, import_contacts
from .forms import ContactImportForm

MAX_BYTES = 10 * 1024 * 1024
#: Seconds a previewed file may wait for its confirmation
KEEP_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _upload_dir() -> pathlib.Path:
    folder = pathlib.Path(
        current_app.config.get("CONTACT_IMPORT_DIR")
        or os.path.join(tempfile.gettempdir(), "netmgr-contact-imports")
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _pending_path(token: str) -> pathlib.Path | None:
    if not _TOKEN.match(token or ""):
        return None
    return _upload_dir() / f"{current_user.id}-{token}"


def _keep(data: bytes, suffix: str) -> str:
    folder = _upload_dir()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    path = folder / f"{current_user.id}-{token}"
    path.write_bytes(data)
    path.with_suffix(".name").write_text(suffix)
    return token


def _render(form, report=None, token=None, status=200):
    return render_template(
        "organizations/import.html", form=form, report=report, token=token, columns=COLUMNS
    ), status


@coordinator_required
def import_page():
    form = ContactImportForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _render(form, status=200 if request.method == "GET" else 400)
    if request.form.get("action") == "confirm":
        return _confirm(form)
    upload = form.file.data
    data = upload.read(MAX_BYTES + 1) if upload else b""
    if not data:
        form.file.errors = [_("Velg en CSV- eller Excel-fil.")]
        return _render(form, status=422)
    if len(data) > MAX_BYTES:
        form.file.errors = [_("Filen er større enn 10 MB.")]
        return _render(form, status=422)
    name = pathlib.Path(upload.filename or "").name
    report = import_contacts(data, name, dry_run=True, user=current_user)
    db.session.rollback()
    if report.errors:
        return _render(form, report, status=422)
    return _render(form, report, token=_keep(data, ".xlsx" if name.endswith(".xlsx") else ".csv"))


def _confirm(form):
    path = _pending_path(request.form.get("token", ""))
    if path is None or not path.exists():
        form.file.errors = [_("Forhåndsvisningen er utløpt. Last opp filen på nytt.")]
        return _render(form, status=422)
    suffix_file = path.with_suffix(".name")
    suffix = suffix_file.read_text() if suffix_file.exists() else ".csv"
    report = import_contacts(path.read_bytes(), "upload" + suffix, dry_run=False, user=current_user)
    if report.errors:  # the data changed since the preview (another import, an edit)
        db.session.rollback()
        return _render(form, report, status=422)
    db.session.commit()
    path.unlink(missing_ok=True)
    suffix_file.unlink(missing_ok=True)
    flash(
        _(
            "Importert: %(added)s nye, %(updated)s oppdatert, %(unchanged)s uendret.",
            added=len(report.added),
            updated=len(report.updated),
            unchanged=report.unchanged,
        ),
        "success",
    )
    return redirect(url_for(".import_page"))
