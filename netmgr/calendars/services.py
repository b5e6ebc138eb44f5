"""Service functions of the calendar feature. They never commit: the view, CLI or job does."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from ..core.audit import audit
from ..core.errors import NotFoundError
from ..core.timeutil import utcnow
from ..extensions import db
from ..mail.compose import compose_message
from ..mail.deferred import DISCARD, enqueue_deferred
from ..mail.outbox import enqueue
from ..organizations.models import Contact, Organization
from ..web.urls import public_url
from .models import CalendarState, CalendarSubscription, hash_feed_token

#: A contact gets at most one new personal link in this period (repeated requests are quiet)
REQUEST_COOLDOWN = dt.timedelta(minutes=15)


# -- feed state ---------------------------------------------------------------------------------


def bump_calendar_state(*_args, **_kwargs) -> None:
    """Raise the shared feed version in the current transaction (signal receiver).

    The UPDATE takes a row lock until commit, so versions follow commit order on PostgreSQL.
    """
    now = utcnow()
    stmt = (
        update(CalendarState)
        .where(CalendarState.id == 1)
        .values(version=CalendarState.version + 1, changed_at=now)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount:
        return
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    inserted = db.session.execute(
        insert(CalendarState)
        .values(id=1, version=1, changed_at=now)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    if not inserted.rowcount:  # another transaction created it just now
        db.session.execute(stmt)


# -- personal feed links -------------------------------------------------------------------------


def feed_urls(token: str) -> dict[str, str]:
    https = public_url(f"/calendar/subscriptions/{token}.ics")
    return {"https": https, "webcal": webcal(https)}


def webcal(url: str) -> str:
    """``webcal://`` form of an http(s) URL (calendar apps open it as a subscription)."""
    return "webcal://" + url.split("://", 1)[1]


def find_subscription(token: str) -> CalendarSubscription | None:
    """The active subscription of a token, or None (unknown and revoked look the same)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(CalendarSubscription).where(
            CalendarSubscription.token_hash == hash_feed_token(token),
            CalendarSubscription.revoked_at.is_(None),
        )
    )


def issue_subscription(organization: Organization, contact: Contact | None = None):
    """A new personal link for ``organization``: ``(subscription, token)``."""
    return CalendarSubscription.issue(organization, contact)


def revoke_subscription(sub: CalendarSubscription, user=None) -> CalendarSubscription:
    if sub.revoked_at is None:
        sub.revoked_at = utcnow()
        audit(
            "calendar.subscription_revoked",
            sub,
            user=user,
            organization_id=sub.organization_id,
            prefix=sub.prefix,
        )
    return sub


def replace_subscription(sub: CalendarSubscription, user=None):
    """Revoke ``sub`` and issue a new link for the same organisation and contact."""
    new, token = CalendarSubscription.issue(sub.organization, sub.contact)
    db.session.flush()
    revoke_subscription(sub, user=user)
    sub.replaced_by_id = new.id
    audit(
        "calendar.subscription_replaced",
        new,
        user=user,
        organization_id=sub.organization_id,
        replaced=sub.id,
    )
    return new, token


def revoke_organization(organization: Organization, user=None) -> int:
    """Revoke every active link of an organisation; returns how many."""
    subs = db.session.scalars(
        select(CalendarSubscription).where(
            CalendarSubscription.organization_id == organization.id,
            CalendarSubscription.revoked_at.is_(None),
        )
    ).all()
    for sub in subs:
        revoke_subscription(sub, user=user)
    return len(subs)


def get_subscription(subscription_id: int) -> CalendarSubscription:
    sub = db.session.get(CalendarSubscription, subscription_id)
    if sub is None:
        raise NotFoundError({"subscription": ["Finnes ikke."]})
    return sub


def _link_message(sub: CalendarSubscription, token: str, contact: Contact) -> dict:
    """The outbox fields of the mail with the personal link (in the contact's language)."""
    urls = feed_urls(token)
    return compose_message(
        contact,
        "calendar_subscription",
        language=contact.effective_language,
        organization=sub.organization,
        feed_url=urls["https"],
        webcal_url=urls["webcal"],
    )


def mail_subscription(sub: CalendarSubscription, token: str, contact: Contact):
    """Queue the mail with the personal link (in the contact's language)."""
    return enqueue(kind="calendar.subscription", **_link_message(sub, token, contact))


#: Renderer name of the queued personal-feed requests
REQUEST_RENDERER = "calendar_personal"


def request_personal_feed(email: str) -> None:
    """Queue a request for a personal feed link; the mail sender decides and composes it.

    The request does the same work whether or not the address is known (one deferred outbox
    row, no lookup), so neither the answer nor its timing tells who is known (issue 12.7).
    :func:`render_personal_feed` looks the address up when the sender claims the row.
    """
    address = (email or "").strip().lower()
    if not address or "@" not in address or len(address) > 254:
        return
    enqueue_deferred(
        kind="calendar.subscription",
        renderer=REQUEST_RENDERER,
        args={"email": address},
        to_address=address,
        language="nb",  # the contact's own language is set when composed
    )


def render_personal_feed(args: dict, *, kind: str, language: str):
    """Compose a queued request: a new link for a known contact of an active organisation,
    else nothing and no trace (:data:`~netmgr.mail.deferred.DISCARD`). A contact gets at most
    one new link per :data:`REQUEST_COOLDOWN`."""
    contact = db.session.scalar(select(Contact).where(Contact.email == args.get("email")))
    if contact is None or not contact.organization.active:
        return DISCARD
    recent = db.session.scalar(
        select(CalendarSubscription.id)
        .where(
            CalendarSubscription.contact_id == contact.id,
            CalendarSubscription.revoked_at.is_(None),
            CalendarSubscription.created_at >= utcnow() - REQUEST_COOLDOWN,
        )
        .limit(1)
    )
    if recent is not None:
        return DISCARD
    sub, token = issue_subscription(contact.organization, contact)
    db.session.flush()
    return _link_message(sub, token, contact)
