"""Web foundation: layout, languages, date formats, security headers, error pages, page hooks,
the about page (blueprint ``web``); sign-in lives in ``netmgr.auth``."""

from __future__ import annotations

import flask_babel
from flask_babel import lazy_gettext as _l


def init_app(app):
    from ..extensions import babel, login_manager
    from . import i18n
    from .blueprint import bp as pages_bp
    from .errors import init_errors
    from .formatting import FILTERS, current_language
    from .labels import label, template_globals
    from .requestlog import init_request_log
    from .security import init_security
    from .static_files import init_static_files
    from .urls import current_path, url_with

    # Flask-Babel was bound in create_app; give it our selector (cookie, Accept-Language, nb).
    babel.init_app(app, locale_selector=i18n.select_locale)
    # Flask-Babel caches the locale on ``g``; a request may run inside an outer app context
    # (tests, CLI), so forget any cached choice when a request starts.
    app.before_request(flask_babel.refresh)

    for name, func in FILTERS.items():
        app.add_template_filter(func, name)
    app.add_template_filter(label, "label")
    app.jinja_env.globals.update(
        template_globals(),
        LANGUAGES=i18n.ENDONYMS,
        current_language=current_language,
        get_locale=flask_babel.get_locale,
        get_timezone=flask_babel.get_timezone,
        current_path=current_path,
        url_with=url_with,
        coordinator_home_url=coordinator_home_url,
    )

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Logg inn for å se denne siden.")
    login_manager.login_message_category = "info"

    init_request_log(app)
    init_static_files(app)
    init_security(app)
    init_errors(app)
    app.register_blueprint(i18n.bp)
    app.register_blueprint(pages_bp)


def coordinator_home_url() -> str | None:
    """The coordinator dashboard, once that blueprint is registered."""
    from flask import current_app, url_for

    if "coordinator.dashboard" in current_app.view_functions:
        return url_for("coordinator.dashboard")
    return None
