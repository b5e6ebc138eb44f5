"""Errors raised by service functions; the API and the forms turn them into answers."""

from __future__ import annotations

from contextlib import contextmanager


class ServiceError(Exception):
    """Invalid input or a broken rule: 422 with ``{"errors": {field: [messages]}}``."""

    status = 422

    def __init__(self, errors: dict[str, list[str]] | str, field: str = "_schema"):
        if isinstance(errors, str):
            errors = {field: [errors]}
        self.errors = errors
        super().__init__(errors)


class ConflictError(ServiceError):
    """Duplicate or conflicting state (duplicate slug, duplicate registration): 409."""

    status = 409


class NotFoundError(ServiceError):
    status = 404


@contextmanager
def restored_on_error(obj, names):
    """Put ``obj``'s attributes back if a ServiceError leaves the block (the session may be
    committed by the caller after showing the error, so a half-applied change must not stay)."""
    before = {name: getattr(obj, name) for name in names}
    try:
        yield obj
    except ServiceError:
        for name, value in before.items():
            setattr(obj, name, value)
        raise
