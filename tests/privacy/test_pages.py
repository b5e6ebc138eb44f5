"""Public notice and accessibility statement, admin pages, audit log, self-service copies."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from netmgr.core.audit import AuditEntry, audit
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.privacy.models import AccessRequest
from tests import factories

HEADINGS = {
    "nb": ("Personvern", "Tilgjengelighetserklæring"),
    "nn": ("Personvern", "Tilgjengelegheitserklæring"),
    "en": ("Privacy", "Accessibility statement"),
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_notice_and_statement_are_public_in_every_language(app, client, language):
    client.set_cookie("lang", language)
    notice = client.get("/personvern")
    statement = client.get("/tilgjengelighet")
    assert notice.status_code == 200 and statement.status_code == 200
    assert f'<h1 class="ds-heading" data-size="lg">{HEADINGS[language][0]}</h1>' in notice.get_data(
        as_text=True
    )
    assert HEADINGS[language][1] in statement.get_data(as_text=True)
    assert "WCAG 2.1" in statement.get_data(as_text=True)
    assert 'href="/personvern"' in client.get("/events").get_data(as_text=True)


def test_notice_shows_controller_and_retention_from_settings(app_ctx, client):
    app_ctx.config["PRIVACY_CONTROLLER"] = "Testprogrammet AS"
    try:
        html = client.get("/personvern").get_data(as_text=True)
    finally:
        app_ctx.config["PRIVACY_CONTROLLER"] = "Leverandørutviklingsprogrammet (LUP)"
    assert "Testprogrammet AS" in html
    assert "36 måneder" in html and "90 dager" in html


def test_registration_form_links_the_notice_and_stores_its_version(app_ctx, client):
    org = factories.municipality(name="Askøy", population=30000)
    event = factories.event("Nettverksmøte", days=10, registration_closes_at=None)
    form = client.get(f"/events/{event.id}/register/buyer")
    assert form.status_code == 200
    assert 'href="/personvern"' in form.get_data(as_text=True)
    from netmgr.organizations.models import Contact
    from netmgr.registration.services import register

    contact = Contact(organization=org, name="Eva", email="eva@askoy.kommune.no")
    db.session.add(contact)
    reg, _ = register(event, contact, source="form")
    db.session.commit()
    assert reg.privacy_notice_version == app_ctx.config["PRIVACY_NOTICE_VERSION"]
    assert reg.privacy_notice_shown_at is not None
    api_reg, _ = register(event, factories.registration(event).contact, source="api")
    assert api_reg.privacy_notice_version is None


def test_self_service_copy_same_answer_for_known_and_unknown(app_ctx, client):
    org = factories.municipality(name="Sula", population=9000)
    from netmgr.organizations.models import Contact

    db.session.add(Contact(organization=org, name="Siri Sula", email="siri@sula.kommune.no"))
    db.session.commit()
    known = client.post("/personvern/innsyn", data={"email": "siri@sula.kommune.no"})
    unknown = client.post("/personvern/innsyn", data={"email": "noen@example.no"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "privacy.access")
    ).all()
    assert sorted(m.to_address for m in mails) == ["noen@example.no", "siri@sula.kommune.no"]
    rows = db.session.scalars(select(AccessRequest)).all()
    assert len(rows) == 2 and all(len(r.token_hash) == 64 for r in rows)

    mail = next(m for m in mails if m.to_address == "siri@sula.kommune.no")
    token = re.search(r"/personvern/innsyn/(\S+)", mail.body_text).group(1)
    assert token not in {r.token_hash for r in rows}
    assert client.get(f"/personvern/innsyn/{token}").status_code == 200
    download = client.post(f"/personvern/innsyn/{token}")
    assert download.mimetype == "application/zip"
    data = zipfile.ZipFile(io.BytesIO(download.data)).read("data.json").decode()
    assert "Siri Sula" in data
    assert client.post(f"/personvern/innsyn/{token}").status_code == 404  # single use
    assert client.get("/personvern/innsyn/forged").status_code == 404
    bad = client.post("/personvern/innsyn", data={"email": "not an address"})
    assert bad.status_code == 422


def test_admin_privacy_page_and_records_downloads(app_ctx, admin_client, coordinator, sign_in):
    coord_client = sign_in(app_ctx.test_client(), coordinator)
    assert coord_client.get("/coordinator/admin/privacy").status_code == 403
    page = admin_client.get("/coordinator/admin/privacy")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Protokoll over behandlingsaktiviteter" in html
    assert "Slettes ved neste kjøring" in html
    csv = admin_client.get("/coordinator/admin/privacy/records.csv").data.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Behandlingsaktivitet;Behandlingsansvarlig")
    xlsx = admin_client.get("/coordinator/admin/privacy/records.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == "Behandlingsaktivitet"
    assert sheet.max_row == 1 + 10

    saved = admin_client.post(
        "/coordinator/admin/privacy/retention",
        data={
            "registrations": "24",
            "campaign_recipients": "36",
            "mail_bodies": "90",
            "mail_files": "90",
            "mail_journal": "30",
            "audit_addresses": "12",
            "tokens": "0",
        },
    )
    assert saved.status_code == 302
    assert "24 måneder" in admin_client.get("/personvern").get_data(as_text=True)
    bad = admin_client.post("/coordinator/admin/privacy/retention", data={"registrations": "-1"})
    assert bad.status_code == 422


def test_audit_api_and_page(app_ctx, admin_user, api_headers, sign_in):
    from netmgr.auth.models import ApiToken

    _, secret = ApiToken.issue(admin_user, name="tests")
    admin_headers = {"Authorization": f"Bearer {secret}"}
    client = app_ctx.test_client()
    admin_client = sign_in(app_ctx.test_client(), admin_user)
    for i in range(3):
        audit("event.published", None, n=i)
    audit("registration.cancelled", None)
    db.session.commit()
    assert client.get("/api/v1/audit", headers=api_headers).status_code == 403
    body = client.get(
        "/api/v1/audit?action=event.published&per_page=2", headers=admin_headers
    ).get_json()
    assert body["total"] == 3 and body["page"] == 1 and body["per_page"] == 2
    assert len(body["items"]) == 2 and {i["action"] for i in body["items"]} == {"event.published"}
    dated = client.get(
        "/api/v1/audit?from=2000-01-01&to=2000-01-02", headers=admin_headers
    ).get_json()
    assert dated["total"] == 0
    assert client.get("/api/v1/audit?from=yesterday", headers=admin_headers).status_code == 422
    page = admin_client.get("/coordinator/admin/audit?action=registration.cancelled")
    assert page.status_code == 200 and "registration.cancelled" in page.get_data(as_text=True)
    csv = admin_client.get("/coordinator/admin/audit.csv?action=event.published").data.decode(
        "utf-8-sig"
    )
    assert len(csv.strip().splitlines()) == 4
    xlsx = admin_client.get("/coordinator/admin/audit.xlsx?action=event.published")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.data)).active.max_row == 4
    assert (
        db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "privacy.exported"))
        is None
    )
