"""Access export and erasure through the API and the coordinator pages."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from sqlalchemy import func, select

from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.participation.figures import Filters, participation_report
from netmgr.registration.models import Registration

KARI = "kari@voss.kommune.no"
SECTIONS = {"contacts", "registrations", "campaign_recipients", "mails", "subscriptions", "audit"}


def _report():
    today = dt.date.today()
    rows = participation_report("county", Filters(today - dt.timedelta(days=400), today))
    return [r.as_dict() for r in rows]


def test_export_holds_exactly_the_persons_data(world, client, admin_headers):
    response = client.get(f"/api/v1/people/export?email={KARI.upper()}", headers=admin_headers)
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == SECTIONS
    assert [c["email"] for c in data["contacts"]] == [KARI]
    assert len(data["registrations"]) == 2
    assert {r["event"] for r in data["registrations"]} == {
        "Nettverksmøte i fjor",
        "Møteplass neste måned",
    }
    assert [r["response"] for r in data["campaign_recipients"]] == ["accepted"]
    assert [m["subject"] for m in data["mails"]] == ["Bekreftelse til Kari"]
    assert data["mails"][0]["body_text"] == "Hei Kari Nordmann"
    assert len(data["subscriptions"]) == 1 and "token_hash" not in data["subscriptions"][0]
    assert [a["object_id"] for a in data["audit"]] == [world["kari_id"]]
    text = json.dumps(data, ensure_ascii=False)
    assert "Ola" not in text and "ola@" not in text
    # audited, without the address
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "privacy.exported")
    ).one()
    assert entry.data["contacts"] == 1 and KARI not in json.dumps(entry.data)


def test_unknown_address_gives_the_same_shape_empty(world, client, admin_headers):
    response = client.get("/api/v1/people/export?email=nobody@example.no", headers=admin_headers)
    assert response.status_code == 200
    assert response.get_json() == {key: [] for key in SECTIONS}


def test_export_needs_a_valid_address_and_a_token(world, client, admin_headers):
    assert client.get(f"/api/v1/people/export?email={KARI}").status_code == 401
    bad = client.get("/api/v1/people/export?email=not-an-address", headers=admin_headers)
    assert bad.status_code == 422 and "email" in bad.get_json()["errors"]


def test_erase_then_export_is_empty_and_participation_is_unchanged(world, client, admin_headers):
    before = _report()
    assert any(row["reached"] for row in before)
    response = client.post("/api/v1/people/erase", json={"email": KARI}, headers=admin_headers)
    assert response.status_code == 200
    assert response.get_json() == {
        "erased": {
            "contacts": 1,
            "registrations_anonymised": 1,
            "registrations_cancelled": 1,
            "mails_deleted": 1,
            "tokens_revoked": 1,
        }
    }
    db.session.expire_all()
    after = client.get(f"/api/v1/people/export?email={KARI}", headers=admin_headers).get_json()
    assert after == {key: [] for key in SECTIONS}
    assert _report() == before
    past = db.session.scalars(
        select(Registration).where(Registration.event_id == world["past"].id)
    ).all()
    assert sorted((r.contact_id is None, r.attendance, r.organization_id) for r in past) == [
        (False, "attended", world["org"].id),
        (True, "attended", world["org"].id),
    ]
    # nothing about Kari is left in any audit entry; the ones about her are marked
    dumped = " ".join(json.dumps(e.data) for e in db.session.scalars(select(AuditEntry)))
    assert KARI not in dumped and "Kari Nordmann" not in dumped
    redacted = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "contact.updated")
    ).all()
    assert sorted(bool((e.data or {}).get("redacted")) for e in redacted) == [False, True]


def test_erased_persons_mails_are_gone_from_outbox_and_folder(world, client, admin_headers):
    client.post("/api/v1/people/erase", json={"email": KARI}, headers=admin_headers)
    addresses = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert KARI not in addresses and "ola@voss.kommune.no" in addresses
    assert not world["kari_file"].exists()
    assert world["ola_file"].exists()


def test_future_seat_is_freed_and_the_waiting_list_moves(world, client, admin_headers):
    client.post("/api/v1/people/erase", json={"email": KARI}, headers=admin_headers)
    db.session.expire_all()
    ola = db.session.get(Registration, world["ola_waiting"].id)
    assert ola.status == "confirmed"
    future = db.session.scalars(
        select(Registration).where(Registration.event_id == world["future"].id)
    ).all()
    assert sorted(r.status for r in future) == ["cancelled", "confirmed"]
    promoted = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.kind == "registration.promoted")
    )
    assert promoted == 1


def test_only_admins_erase(world, client, api_headers):
    response = client.post("/api/v1/people/erase", json={"email": KARI}, headers=api_headers)
    assert response.status_code == 403
    # a coordinator may export
    assert client.get(f"/api/v1/people/export?email={KARI}", headers=api_headers).status_code == 200


def test_pages_export_zip_and_erase_button(world, admin_client):
    page = admin_client.post("/coordinator/people", data={"email": KARI})
    assert page.status_code == 200 and "Kari Nordmann" in page.get_data(as_text=True)
    response = admin_client.post("/coordinator/people/export", data={"email": KARI})
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    assert json.loads(archive.read("data.json"))["contacts"][0]["name"] == "Kari Nordmann"
    assert "Bekreftelse til Kari" in archive.read("index.html").decode()

    unconfirmed = admin_client.post("/coordinator/people/erase", data={"email": KARI})
    assert unconfirmed.status_code == 422
    erased = admin_client.post("/coordinator/people/erase", data={"email": KARI, "confirm": "y"})
    assert erased.status_code == 302
    db.session.expire_all()
    assert admin_client.post("/coordinator/people", data={"email": KARI}).status_code == 200
    assert "Kari Nordmann" not in admin_client.post(
        "/coordinator/people", data={"email": KARI}
    ).get_data(as_text=True)


def test_coordinator_cannot_erase_from_the_page(world, coord_client):
    assert (
        coord_client.post(
            "/coordinator/people/erase", data={"email": KARI, "confirm": "y"}
        ).status_code
        == 403
    )
