"""Coordinator page: personal calendar links of organisations (revoke, replace); routes in
``blueprint.py``."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from . import services
from .models import CalendarSubscription


@coordinator_required
def subscriptions():
    subs = db.session.scalars(
        select(CalendarSubscription)
        .order_by(
            CalendarSubscription.revoked_at.is_not(None), CalendarSubscription.created_at.desc()
        )
        .limit(500)
    ).all()
    return render_template("calendars/admin_subscriptions.html", subscriptions=subs)


@coordinator_required
def revoke(sub_id: int):
    sub = get_or_404(CalendarSubscription, sub_id)
    services.revoke_subscription(sub, user=current_user)
    db.session.commit()
    flash(
        _("Lenken er trukket tilbake. Kalendere som bruker den, får ikke lenger oppdateringer."),
        "success",
    )
    return redirect(url_for(".subscriptions"))


@coordinator_required
def replace(sub_id: int):
    sub = get_or_404(CalendarSubscription, sub_id)
    if not sub.active:
        flash(_("Lenken er allerede trukket tilbake."), "warning")
        return redirect(url_for(".subscriptions"))
    new, token = services.replace_subscription(sub, user=current_user)
    if new.contact is not None:
        services.mail_subscription(new, token, new.contact)
        message = _("Ny lenke er sendt til %(email)s.", email=new.contact.email)
    else:
        message = _("Ny lenke (vises bare nå): %(url)s", url=services.feed_urls(token)["https"])
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".subscriptions"))
