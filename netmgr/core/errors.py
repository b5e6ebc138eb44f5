"""Errors raised by service functions; the API and the forms turn them into answers."""
from __future__ import annotations


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
