from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from ..extensions import db
from .models import ROLES, ApiToken, User
from .sessions import end_all_sessions


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="coordinator", show_default=True)
@click.option("--name", default="", help="Display name.")
@click.password_option("--password", help="Asked for when not given.")
def create_user(email: str, role: str, name: str, password: str):
    """Create a coordinator or admin (or reset the password and role of an existing one)."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from None
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="--password")
    user = db.session.scalar(select(User).where(User.email == email))
    created = user is None
    if created:
        user = User(email=email, name=name or email.split("@")[0])
        db.session.add(user)
    user.role = role
    if name:
        user.name = name
    user.set_password(password)
    if not created:
        end_all_sessions(user)  # a new password signs the user out everywhere
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {role} {email} (id {user.id})")


@click.command("create-token")
@click.argument("email")
@click.option("--name", default=None, help="Label for the token.")
def create_token(email: str, name: str | None):
    """Print a new API token for a user. It is shown only this once."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    _, secret = ApiToken.issue(user, name=name)
    db.session.commit()
    click.echo(secret)
