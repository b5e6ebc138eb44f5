"""Language choice (cookie, then Accept-Language, then bokmål) and the language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, has_request_context, redirect, request

from .urls import safe_next

#: Name of the cookie that remembers the reader's choice
COOKIE = "lang"
#: One year
COOKIE_MAX_AGE = 365 * 24 * 3600
#: Language names in their own language (shown in the switch, never translated)
ENDONYMS = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
#: Other tags browsers send for the same written standards
ALIASES = {"no": "nb", "nb-no": "nb", "no-no": "nb", "nn-no": "nn", "en-gb": "en", "en-us": "en"}

bp = Blueprint("i18n", __name__)


def normalize_language(value: str | None) -> str | None:
    """``nb-NO`` -> ``nb``, ``no`` -> ``nb``, ``nn_NO`` -> ``nn``; unknown -> None."""
    if not value:
        return None
    tag = value.strip().lower().replace("_", "-")
    tag = ALIASES.get(tag, tag)
    if tag in ENDONYMS:
        return tag
    primary = tag.split("-", 1)[0]
    primary = ALIASES.get(primary, primary)
    return primary if primary in ENDONYMS else None


def select_locale() -> str:
    """Flask-Babel locale selector: the cookie wins, then the browser's order, then nb."""
    if not has_request_context():  # CLI, scheduler, demo: the default language
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "nb")
    chosen = normalize_language(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    for tag, _quality in request.accept_languages:  # already sorted by quality
        language = normalize_language(tag)
        if language:
            return language
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "nb")


def explicit_language() -> str | None:
    """The language the reader chose with the switch (the cookie), if any: pages written to
    someone in their written standard follow it only when the reader asked for another."""
    return normalize_language(request.cookies.get(COOKIE))


@bp.route("/language/<code>")
def set_language(code: str):
    """Remember the choice in a cookie and go back to the page the reader came from.

    A plain link (works without JavaScript); changing one's own language needs no CSRF guard.
    """
    language = normalize_language(code) or "nb"
    response = redirect(safe_next(request.args.get("next")) or "/")
    response.set_cookie(
        COOKIE,
        language,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response
