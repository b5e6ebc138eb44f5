"""Every route of sign-in and user administration (blueprint ``auth``)."""

from __future__ import annotations

from flask import Blueprint

from ..extensions import limiter
from . import views, views_admin

bp = Blueprint("auth", __name__)

_login_limit = limiter.limit(views.LOGIN_RATE_LIMIT, methods=["POST"])
_reset_limit = limiter.limit(views.RESET_RATE_LIMIT, methods=["POST"])

# Public pages
bp.add_url_rule("/login", "login", _login_limit(views.login), methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/login/sso", "oidc_start", _login_limit(views.oidc_start), methods=["POST"])
bp.add_url_rule("/login/sso/callback", "oidc_callback", _login_limit(views.oidc_callback))
bp.add_url_rule(
    "/login/reset", "reset_request", _reset_limit(views.reset_request), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/login/reset/<secret>",
    "reset_password",
    _login_limit(views.reset_password),
    methods=["GET", "POST"],
)

# Coordinator pages (admin role)
ADMIN = "/coordinator/admin/users"
bp.add_url_rule(ADMIN, "users", views_admin.users)
bp.add_url_rule(f"{ADMIN}/new", "user_new", views_admin.user_new, methods=["GET", "POST"])
bp.add_url_rule(f"{ADMIN}/<int:user_id>", "user_detail", views_admin.user_detail)
bp.add_url_rule(
    f"{ADMIN}/<int:user_id>/active",
    "user_toggle_active",
    views_admin.user_toggle_active,
    methods=["POST"],
)
bp.add_url_rule(
    f"{ADMIN}/<int:user_id>/password", "user_password", views_admin.user_password, methods=["POST"]
)
bp.add_url_rule(
    f"{ADMIN}/<int:user_id>/tokens", "token_new", views_admin.token_new, methods=["POST"]
)
bp.add_url_rule(
    f"{ADMIN}/<int:user_id>/tokens/<int:token_id>/revoke",
    "token_revoke",
    views_admin.token_revoke,
    methods=["POST"],
)
