"""HTTP: the .ics download, the feeds and the subscription page (routes in ``blueprint.py``;
the coordinators' token API is in ``api.py``)."""

from __future__ import annotations

import hashlib

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..core.counties import COUNTIES
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db, limiter
from ..networks.models import Network, Theme
from ..web.errors import found_or_404
from ..web.formatting import current_language
from ..web.forms import email_field
from ..web.urls import public_url
from . import feeds, services
from .ics import event_calendar

ICS_TYPE = "text/calendar; charset=utf-8"
FEED_LANGUAGES = ("nb", "nn", "en")

# -- HTTP caching -------------------------------------------------------------------------------


def feed_language() -> str:
    lang = request.args.get("lang", "nb")
    return lang if lang in FEED_LANGUAGES else "nb"


def not_modified(etag: str, last_modified) -> bool:
    """RFC 9110 order: If-None-Match decides when present, else If-Modified-Since."""
    raw = request.headers.get("If-None-Match")
    if raw is not None and raw == f'"{etag}"':  # what clients send back: our own value
        return True
    inm = request.if_none_match
    if inm:
        return inm.star_tag or inm.contains_weak(etag)
    ims = request.if_modified_since
    return ims is not None and last_modified <= ims


def _caching_headers(response: Response, etag: str, last_modified, private: bool) -> Response:
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = ("private" if private else "public") + ", no-cache"
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def ics_response(
    body: bytes, etag: str, last_modified, *, private=False, filename: str | None = None
) -> Response:
    response = Response(body, content_type=ICS_TYPE)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _caching_headers(response, etag, last_modified, private)


def not_modified_response(etag: str, last_modified, private: bool) -> Response:
    # No body, and no Last-Modified (RFC 9110 does not need it on a 304; werkzeug drops it).
    # The calendar type keeps the HTML-only header work of other hooks away.
    headers = [
        ("ETag", f'"{etag}"'),
        ("Cache-Control", ("private" if private else "public") + ", no-cache"),
    ]
    if private:
        headers += [("X-Robots-Tag", "noindex"), ("Referrer-Policy", "no-referrer")]
    return Response(status=304, mimetype="text/calendar", headers=headers)


def wants_gzip() -> bool:
    return bool(current_app.config.get("FEED_GZIP", True)) and (
        request.accept_encodings.quality("gzip") > 0
    )


def representation_etag(etag: str, compressed: bool) -> str:
    """One ETag per representation (RFC 9110 8.8.3): the gzip body has its own."""
    return f"{etag}-gz" if compressed else etag


def serve_feed(scope: feeds.Scope, language: str) -> Response:
    fp = feeds.fingerprint(scope, language)
    compressed = wants_gzip()
    if not_modified(representation_etag(fp.etag, compressed), fp.last_modified):
        response = not_modified_response(
            representation_etag(fp.etag, compressed), fp.last_modified, scope.private
        )
    else:
        fp, body = feeds.feed_body(scope, language, fp, compressed=compressed)
        response = ics_response(
            body, representation_etag(fp.etag, compressed), fp.last_modified, private=scope.private
        )
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
    if current_app.config.get("FEED_GZIP", True):
        response.vary.add("Accept-Encoding")
    return response


# -- single event -------------------------------------------------------------------------------


def event_ics(event_id: int):
    event = db.session.get(Event, event_id)
    if event is None or event.status not in ("published", "cancelled"):
        abort(404)
    language = feed_language()
    # (themes live in a link table that does not touch updated_at)
    themes = ",".join(sorted(t.slug for t in event.themes))
    raw = f"{event.uid}|{event.sequence}|{event.updated_at.isoformat()}|{themes}|{language}"
    etag = hashlib.sha256(raw.encode()).hexdigest()[:40]
    last_modified = event.updated_at.replace(microsecond=0)
    if not_modified(etag, last_modified):
        return not_modified_response(etag, last_modified, False)
    with force_locale(language):
        body = event_calendar(event).to_ical()
    return ics_response(body, etag, last_modified, filename=f"lup-arrangement-{event.id}.ics")


# -- feeds --------------------------------------------------------------------------------------

_all_names: dict[str, str] = {}


def feed_all():
    language = feed_language()
    name = _all_names.get(language)
    if name is None:
        with force_locale(language):
            name = _all_names[language] = _("LUP – alle arrangementer")
    return serve_feed(feeds.all_scope(name), language)


def feed_network(slug: str):
    network = found_or_404(db.session.scalar(select(Network).where(Network.slug == slug)))
    language = feed_language()
    with force_locale(language):
        name = _("LUP – %(name)s", name=network.name)
    return serve_feed(feeds.network_scope(network, name), language)


def feed_theme(theme_slug: str):
    theme = found_or_404(db.session.scalar(select(Theme).where(Theme.slug == theme_slug)))
    language = feed_language()
    with force_locale(language):
        name = _("LUP – tema: %(name)s", name=theme.name_for(language))
    return serve_feed(feeds.theme_scope(theme, name), language)


def feed_county(number: str):
    if number not in COUNTIES:
        abort(404)
    language = feed_language()
    with force_locale(language):
        name = _("LUP – %(county)s og nasjonale arrangementer", county=COUNTIES[number])
    return serve_feed(feeds.county_scope(number, name), language)


def feed_personal(token: str):
    sub = found_or_404(services.find_subscription(token))
    language = feed_language()
    with force_locale(language):
        name = _("LUP – %(organization)s", organization=sub.organization.name)
    scope = feeds.organization_scope(sub.organization_id, name, utcnow().date())
    return serve_feed(scope, language)


# -- subscription page ----------------------------------------------------------------------------


class PersonalFeedForm(FlaskForm):
    email = email_field(
        _l("Skriv inn e-postadressen din."),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


def _scope_choice(args) -> tuple[str, str | None, str | None]:
    """From the query string: (scope, title, path) of the chosen feed; path None if invalid."""
    scope = args.get("scope", "all")
    if scope == "network":
        network = db.session.scalar(select(Network).where(Network.slug == args.get("network", "")))
        if network:
            return scope, network.name, url_for("calendars.feed_network", slug=network.slug)
    elif scope == "theme":
        theme = db.session.scalar(select(Theme).where(Theme.slug == args.get("theme", "")))
        if theme:
            return (
                scope,
                theme.name_for(current_language()),
                url_for("calendars.feed_theme", theme_slug=theme.slug),
            )
    elif scope == "county":
        number = args.get("county", "")
        if number in COUNTIES:
            return scope, COUNTIES[number], url_for("calendars.feed_county", number=number)
    else:
        return "all", _("Alle arrangementer"), url_for("calendars.feed_all")
    return scope, None, None


def _page(form: PersonalFeedForm, status: int = 200, requested: bool = False):
    scope, title, path = _scope_choice(request.args)
    links = None
    if path:
        language = current_language()
        https = public_url(path)
        if language != "nb":
            https += f"?lang={language}"
        links = {
            "https": https,
            "webcal": services.webcal(https),
            "title": title,
            "secure": https.startswith("https://"),
        }
    networks = db.session.scalars(
        select(Network).where(Network.active.is_(True)).order_by(Network.name)
    ).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.slug)).all()
    return render_template(
        "calendars/subscribe.html",
        form=form,
        scope=scope,
        links=links,
        networks=networks,
        themes=themes,
        counties=COUNTIES,
        chosen=request.args,
        requested=requested,
        invalid_choice=path is None,
    ), status


def subscribe():
    return _page(PersonalFeedForm())


@limiter.limit("10 per hour", methods=["POST"])
def request_personal():
    form = PersonalFeedForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    services.request_personal_feed(form.email.data)
    db.session.commit()
    # The same answer whether or not the address is known: nothing leaks.
    return render_template("calendars/personal_requested.html")
