"""Sign-in pages: password, single sign-on, sign-out and password reset. Thin: the rules are
in :mod:`.signin`, :mod:`.sessions`, :mod:`.reset` and :mod:`.oidc`."""

from __future__ import annotations

from authlib.common.errors import AuthlibBaseError
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError

from ..core.audit import audit
from ..core.errors import ServiceError
from ..extensions import db
from ..web import coordinator_home_url
from ..web.forms import apply_service_errors
from ..web.urls import safe_next
from . import oidc, reset, sessions
from .forms import LoginForm, PasswordForm, ResetRequestForm
from .signin import authenticate

#: Per client address (Flask-Limiter), on top of the per-account throttling in .signin
LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
#: Per client address for reset requests (each one queues a mail)
RESET_RATE_LIMIT = "5 per minute;20 per hour"
#: Session key of the ``next=`` target kept across the single sign-on round trip
NEXT_KEY = "auth_next"


def _after_login_url(target: str | None = None) -> str:
    return safe_next(target) or coordinator_home_url() or url_for("events.list")


def _login_page(form, *, status=200, failed=False, message=None):
    return render_template(
        "auth/login.html",
        form=form,
        failed=failed,
        message=message,
        next=safe_next(request.args.get("next")),
        sso=oidc.client() is not None,
    ), status


def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_after_login_url(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data, request.remote_addr)
        if user is not None:
            sessions.sign_in(user)
            db.session.commit()
            flash(_("Du er logget inn."), "success")
            return redirect(_after_login_url(request.args.get("next")))
        db.session.commit()  # the failure counter and the audit entry
        form.password.data = ""
        return _login_page(form, status=401, failed=True)
    return _login_page(form, status=422 if form.errors else 200)


def logout():
    user = sessions.sign_out()  # POST only; CSRFProtect checks the token
    if user is not None:
        audit("auth.signed_out", user, user=user, address=request.remote_addr)
    db.session.commit()
    flash(_("Du er logget ut."), "success")
    return redirect(url_for("events.list"))


# Single sign-on ------------------------------------------------------------------------


def oidc_start():
    client = oidc.client()
    if client is None:  # POST only; CSRFProtect checks the token
        return redirect(url_for("auth.login"))
    target = safe_next(request.args.get("next"))
    callback = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.oidc_callback")
    if target:
        session[NEXT_KEY] = target
    return client.authorize_redirect(callback)


def oidc_callback():
    client = oidc.client()
    if client is None:
        return redirect(url_for("auth.login"))
    target = session.pop(NEXT_KEY, None)
    try:
        token = client.authorize_access_token(claims_options=oidc.claims_options())
    except (AuthlibBaseError, JoseError, ValueError) as exc:  # state, signature, iss, nonce…
        current_app.logger.info("single sign-on refused: %s %s", type(exc).__name__, exc)
        audit("auth.sign_in_failed", None, address=request.remote_addr, reason="oidc_invalid")
        db.session.commit()
        return _login_page(
            LoginForm(formdata=None),
            status=401,
            message=_("Innloggingen via organisasjonen ble avvist. Prøv igjen."),
        )
    user = oidc.match_user(token.get("userinfo") or {}, request.remote_addr)
    if user is None:
        db.session.commit()
        return _login_page(
            LoginForm(formdata=None),
            status=403,
            message=_(
                "Det finnes ingen aktiv bruker med e-postadressen fra organisasjonen din. "
                "Be en administrator om tilgang."
            ),
        )
    sessions.sign_in(user, method="oidc")
    db.session.commit()
    flash(_("Du er logget inn."), "success")
    return redirect(_after_login_url(target))


# Password reset ------------------------------------------------------------------------


def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        reset.request_reset(
            form.email.data,
            lambda secret: (
                current_app.config["BASE_URL"].rstrip("/")
                + url_for("auth.reset_password", secret=secret)
            ),
            language=str(get_locale() or "nb"),
        )
        db.session.commit()
        return render_template("auth/reset_sent.html")
    return render_template("auth/reset_request.html", form=form), 422 if form.errors else 200


def reset_password(secret: str):
    if reset.valid_reset(secret) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(secret, form.password.data)
        except ServiceError as exc:
            db.session.rollback()
            apply_service_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Passordet er endret. Logg inn med det nye passordet."), "success")
            return redirect(url_for("auth.login"))
    return render_template(
        "auth/reset_password.html", form=form, secret=secret
    ), 422 if form.errors else 200
