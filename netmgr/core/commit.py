"""Committing without reading back what was just written."""

from __future__ import annotations

from ..extensions import db


def commit_keeping_loaded() -> None:
    """Commit without expiring the session's objects, for a handler whose answer shows the
    rows it has just written (the API's 201, the form's redirect to the personal link): the
    values are the committed ones, and reading them back would cost a query per object."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
