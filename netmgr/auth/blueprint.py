"""Every route of sign-in and user administration (blueprint ``auth``)."""

from __future__ import annotations

from flask import Blueprint

from ..extensions import limiter
from ..web.routes import FORM, POST, add_routes
from . import views, views_admin

bp = Blueprint("auth", __name__)

_login_limit = limiter.limit(views.LOGIN_RATE_LIMIT, methods=["POST"])
_reset_limit = limiter.limit(views.RESET_RATE_LIMIT, methods=["POST"])
ADMIN = "/coordinator/admin/users"

V, A = views, views_admin
USER = f"{ADMIN}/<int:user_id>"

# Public pages
add_routes(
    bp,
    ("/login", "login", _login_limit(V.login), FORM),
    ("/logout", V.logout, POST),
    ("/login/sso", "oidc_start", _login_limit(V.oidc_start), POST),
    ("/login/sso/callback", "oidc_callback", _login_limit(V.oidc_callback)),
    ("/login/reset", "reset_request", _reset_limit(V.reset_request), FORM),
    ("/login/reset/<secret>", "reset_password", _login_limit(V.reset_password), FORM),
)

# Coordinator pages (admin role)
add_routes(
    bp,
    (ADMIN, A.users),
    (f"{ADMIN}/new", A.user_new, FORM),
    (USER, A.user_detail),
    (f"{USER}/active", A.user_toggle_active, POST),
    (f"{USER}/password", A.user_password, POST),
    (f"{USER}/tokens", A.token_new, POST),
    (f"{USER}/tokens/<int:token_id>/revoke", A.token_revoke, POST),
)
