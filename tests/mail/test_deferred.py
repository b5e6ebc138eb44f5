"""Deferred outbox rows: queued in the caller's transaction, composed when the sender claims."""

from __future__ import annotations

from sqlalchemy import select

from netmgr.extensions import db
from netmgr.mail.deferred import enqueue_deferred, register_renderer
from netmgr.mail.models import OutboxMessage
from netmgr.mail.sender import drain_outbox


def _render(args, *, kind, language):
    if args.get("broken"):
        raise RuntimeError("template missing")
    if args.get("gone"):
        return None
    return {"subject": f"Hei {args['name']}", "body_text": f"Tekst på {language}"}


def _queue(to, **args):
    enqueue_deferred(
        kind="test.deferred",
        renderer="test",
        args={"name": "Kari", **args},
        to_address=to,
        language="nn",
    )


def test_composed_at_drain_and_a_failing_renderer_fails_only_its_row(app_ctx, smtp_server):
    app = app_ctx
    register_renderer(app, "test", _render)
    _queue("kari0@example.no")
    _queue("kari1@example.no", broken=True)
    _queue("kari2@example.no", gone=True)
    db.session.commit()
    result = drain_outbox(app)
    assert result.sent == 1
    db.session.expire_all()
    rows = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    sent = rows["kari0@example.no"]
    assert (sent.state, sent.subject, sent.renderer, sent.render_args) == (
        "sent",
        "Hei Kari",
        None,
        None,
    )
    assert rows["kari1@example.no"].state == "failed"
    assert "compose" in rows["kari1@example.no"].last_error
    assert rows["kari2@example.no"].state == "failed"
    assert rows["kari2@example.no"].last_error.startswith("obsolete")
    [message] = smtp_server.messages
    assert message["Subject"] == "Hei Kari"
    assert "Tekst på nn" in message.get_body(("plain",)).get_content()


def test_rolled_back_deferred_row_is_never_sent(app_ctx, smtp_server):
    app = app_ctx
    register_renderer(app, "test", _render)
    _queue("kari0@example.no")
    db.session.rollback()
    assert drain_outbox(app).sent == 0
    assert db.session.scalar(select(OutboxMessage.id)) is None
    assert smtp_server.messages == []
