"""Flask-Limiter on the registration POSTs, per client address.

The shared test app runs without rate limits; this test builds a second app on the same
database with limits on (and a small limit) and restores the limiter afterwards.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from netmgr.extensions import db, limiter
from netmgr.registration.models import Registration

from .conftest import supplier_data


def test_post_is_rate_limited_per_client_address(app, database_url, make_event, tmp_path):
    from netmgr import create_app

    event = make_event()
    was_enabled = limiter.enabled
    limited = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "REGISTRATION_RATE_LIMIT": "3 per minute",
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": str(tmp_path / "mail"),
            "BASE_URL": "http://netmgr.test",
            "SERVER_NAME": None,
        }
    )
    try:
        client = limited.test_client()
        url = f"/events/{event.id}/register/supplier"

        def post(i, address):
            return client.post(
                url,
                data=supplier_data(email=f"rate{i}@example.no"),
                environ_base={"REMOTE_ADDR": address},
            ).status_code

        codes = [post(i, "192.0.2.10") for i in range(4)]
        assert codes == [303, 303, 303, 429]
        assert post(10, "192.0.2.99") == 303  # another address has its own budget
        assert client.get(url, environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code == 200
    finally:
        limiter.reset()
        limiter.enabled = was_enabled
        with limited.app_context():
            db.engine.dispose()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 4
