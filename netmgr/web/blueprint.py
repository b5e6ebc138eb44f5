"""Pages that belong to no feature (blueprint ``web``): about the service."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("web", __name__)


def about():
    return render_template("public/about.html")


bp.add_url_rule("/about", "about", about)
