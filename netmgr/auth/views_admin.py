"""Admin pages (role admin, under /coordinator/admin): users, passwords and API tokens."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..web.access import admin_required
from ..web.errors import get_or_404
from ..web.forms import ConfirmForm, run_service
from . import services as accounts
from .forms import PasswordForm, TokenForm, UserForm
from .models import ApiToken, User


def _submit(form, action):
    """For a valid posted form run ``action`` and commit: ``(result, True)``; else
    ``(None, False)`` with the service's messages on the form."""
    if not form.validate_on_submit():
        return None, False
    result, ok = run_service(form, action)
    if ok:
        db.session.commit()
    return result, ok


@admin_required
def users():
    return render_template("auth/admin/users.html", users=accounts.list_users(), form=ConfirmForm())


@admin_required
def user_new():
    form = UserForm()
    user, ok = _submit(
        form,
        lambda: accounts.create_user(
            {
                "email": form.email.data,
                "name": form.name.data,
                "role": form.role.data,
                "password": form.password.data,
            },
            by=current_user,
        ),
    )
    if ok:
        flash(_("Brukeren %(email)s er opprettet.", email=user.email), "success")
        return redirect(url_for("auth.user_detail", user_id=user.id))
    return render_template("auth/admin/user_form.html", form=form), 422 if form.errors else 200


def _render_user(user, *, password_form=None, token_form=None, secret=None, status=200):
    return render_template(
        "auth/admin/user_detail.html",
        user=user,
        tokens=accounts.list_tokens(user),
        password_form=password_form or PasswordForm(prefix="pw"),
        token_form=token_form or TokenForm(prefix="token"),
        form=ConfirmForm(),
        secret=secret,
    ), status


@admin_required
def user_detail(user_id: int):
    return _render_user(get_or_404(User, user_id))


@admin_required
def user_toggle_active(user_id: int):
    user = get_or_404(User, user_id)
    form = ConfirmForm()
    _result, ok = _submit(form, lambda: accounts.set_active(user, not user.active, by=current_user))
    if ok:
        flash(
            _("Brukeren er aktivert.") if user.active else _("Brukeren er deaktivert."),
            "success",
        )
        return redirect(url_for("auth.user_detail", user_id=user.id))
    for message in [*form.form_errors, *(m for errs in form.errors.values() for m in errs)]:
        flash(message, "error")
    return _render_user(get_or_404(User, user_id), status=422)


@admin_required
def user_password(user_id: int):
    user = get_or_404(User, user_id)
    form = PasswordForm(prefix="pw")
    _result, ok = _submit(
        form, lambda: accounts.reset_password(user, form.password.data, by=current_user)
    )
    if ok:
        flash(_("Passordet er endret."), "success")
        return redirect(url_for("auth.user_detail", user_id=user.id))
    return _render_user(get_or_404(User, user_id), password_form=form, status=422)


@admin_required
def token_new(user_id: int):
    user = get_or_404(User, user_id)
    form = TokenForm(prefix="token")
    result, ok = _submit(form, lambda: accounts.issue_token(user, form.name.data, by=current_user))
    if ok:
        # The secret is shown in this one answer and never again (no redirect).
        return _render_user(user, secret=result[1])
    return _render_user(get_or_404(User, user_id), token_form=form, status=422)


@admin_required
def token_revoke(user_id: int, token_id: int):
    user = get_or_404(User, user_id)
    token = get_or_404(ApiToken, token_id)
    if token.user_id != user.id:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.revoke_token(token, by=current_user)
        db.session.commit()
        flash(_("Nøkkelen %(prefix)s… er trukket tilbake.", prefix=token.prefix), "success")
        return redirect(url_for("auth.user_detail", user_id=user.id))
    return _render_user(user, status=422)
