"""Every route of the mail toolkit: the coordinator pages of the embedded mail mode."""

from __future__ import annotations

from flask import Blueprint

from . import views

bp = Blueprint("mail", __name__)

# Coordinator pages
bp.add_url_rule("/coordinator/mail", "mail_files", views.mail_files)
bp.add_url_rule("/coordinator/mail/<name>", "mail_file", views.mail_file)
bp.add_url_rule("/coordinator/mail/<name>/html/<int:part>", "mail_file_html", views.mail_file_html)
