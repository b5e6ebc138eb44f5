"""Thin handlers: JSON, never cached, 503 when not ready."""

from __future__ import annotations

from flask import current_app, jsonify

from .checks import readiness


def healthz():
    response = jsonify({"status": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response


def readyz():
    report = readiness(current_app._get_current_object())
    response = jsonify(report)
    response.status_code = 200 if report["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response
