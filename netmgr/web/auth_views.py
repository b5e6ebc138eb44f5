"""Sign-in and sign-out pages for coordinators (blueprint ``auth``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import db, limiter
from .forms import LoginForm
from .signin import authenticate
from .urls import safe_next

bp = Blueprint("auth", __name__)

#: Per client address, on top of the per-account lock-out
LOGIN_RATE_LIMIT = "10 per minute;50 per hour"


def _after_login_url() -> str:
    from . import coordinator_home_url

    return safe_next(request.args.get("next")) or coordinator_home_url() or url_for("events.list")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_RATE_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_after_login_url())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        db.session.commit()  # the failure counter or the last sign-in time
        if user is not None:
            session.clear()  # a fresh session: nothing carried over from before sign-in
            login_user(user)
            flash(_("Du er logget inn."), "success")
            return redirect(_after_login_url())
        failed = True
        form.password.data = ""
    status = 401 if failed else (422 if form.errors else 200)
    return render_template(
        "auth/login.html", form=form, failed=failed, next=safe_next(request.args.get("next"))
    ), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    flash(_("Du er logget ut."), "success")
    return redirect(url_for("events.list"))
