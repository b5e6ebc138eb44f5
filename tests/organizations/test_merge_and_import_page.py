"""Merging two contacts that are the same person, and the contact import page."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from netmgr.calendars.models import CalendarSubscription
from netmgr.campaigns.models import Campaign, CampaignRecipient
from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.organizations.services import create_contact
from netmgr.registration.models import Registration
from tests import factories as f


def _two_karis(org):
    kari = create_contact({"organization_id": org.id, "name": "Kari", "email": "kari@utsira.no"})
    dup = create_contact(
        {
            "organization_id": org.id,
            "name": "Kari N.",
            "email": "kari.n@gmail.com",
            "phone": "+47 900 00 000",
        }
    )
    db.session.commit()
    return kari, dup


def test_merge_moves_registrations_answers_and_subscriptions(coord_client, app_ctx):
    org = f.municipality("Utsira", population=200)
    kari, dup = _two_karis(org)
    kari_id, dup_id = kari.id, dup.id
    first, second, third = f.event("Møte 1"), f.event("Møte 2", days=14), f.event("Møte 3", days=21)
    for event, who, status in (
        (first, kari, "confirmed"),
        (second, dup, "confirmed"),
        (third, dup, "cancelled"),
        (third, kari, "confirmed"),
    ):
        db.session.add(Registration(event=event, contact=who, organization=org, status=status))
    campaign = Campaign(event_id=first.id, name="Invitasjon", status="sent")
    only_dup = Campaign(event_id=second.id, name="Invitasjon 2", status="sent")
    db.session.add_all([campaign, only_dup])
    db.session.flush()
    db.session.add_all(
        [
            CampaignRecipient(campaign_id=campaign.id, contact_id=kari_id, organization_id=org.id),
            CampaignRecipient(
                campaign_id=campaign.id,
                contact_id=dup_id,
                organization_id=org.id,
                response="accepted",
                sends=1,
            ),
            CampaignRecipient(
                campaign_id=only_dup.id,
                contact_id=dup_id,
                organization_id=org.id,
                response="declined",
                sends=1,
            ),
        ]
    )
    CalendarSubscription.issue(org, dup)
    db.session.commit()

    page = coord_client.get(f"/coordinator/organizations/contacts/{kari_id}/merge")
    assert page.status_code == 200 and "kari.n@gmail.com" in page.text
    response = coord_client.post(
        f"/coordinator/organizations/contacts/{kari_id}/merge", data={"source": str(dup_id)}
    )
    assert response.status_code == 302

    db.session.expire_all()
    assert db.session.get(Contact, dup_id) is None
    kari = db.session.get(Contact, kari_id)
    assert kari.phone == "+47 900 00 000"  # filled in from the duplicate
    registrations = db.session.scalars(select(Registration)).all()
    assert len(registrations) == 4 and {r.contact_id for r in registrations} == {kari_id}
    answers = {r.campaign_id: r.response for r in db.session.scalars(select(CampaignRecipient))}
    assert answers == {campaign.id: "accepted", only_dup.id: "declined"}
    assert db.session.scalar(select(CalendarSubscription.contact_id)) == kari_id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contact.merged"))
    assert entry.object_id == kari_id and entry.data == {"merged_id": dup_id}


def test_merge_refused_when_both_are_registered_for_one_event(coord_client, app_ctx):
    org = f.municipality("Utsira", population=200)
    kari, dup = _two_karis(org)
    event = f.event("Møte 1")
    db.session.add_all(
        [
            Registration(event=event, contact=kari, organization=org),
            Registration(event=event, contact=dup, organization=org),
        ]
    )
    db.session.commit()
    kari_id, dup_id = kari.id, dup.id
    response = coord_client.post(
        f"/coordinator/organizations/contacts/{kari_id}/merge", data={"source": str(dup_id)}
    )
    assert response.status_code == 422
    assert 'id="source-error"' in response.text and "Møte 1" in response.text
    db.session.expire_all()
    assert db.session.get(Contact, dup_id) is not None
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2
    # merging a contact with itself is refused too
    response = coord_client.post(
        f"/coordinator/organizations/contacts/{kari_id}/merge", data={"source": str(kari_id)}
    )
    assert response.status_code == 422


def test_import_page_preview_then_confirm(coord_client, app_ctx):
    org = f.municipality("Utsira", number="1151", population=200)
    data = (
        "organization;name;email;title;official_email\n"
        "1151;Åse Øvrebø;ase@utsira.kommune.no;Rådgiver;postmottak@utsira.kommune.no\n"
    )
    response = coord_client.post(
        "/coordinator/organizations/import",
        data={"action": "dry_run", "file": (io.BytesIO(data.encode("cp1252")), "k.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Åse Øvrebø" in response.text and "postmottak@utsira.kommune.no" in response.text
    assert db.session.scalar(select(Contact)) is None
    token = re.search(r'name="token" value="([^"]+)"', response.text).group(1)

    response = coord_client.post(
        "/coordinator/organizations/import", data={"action": "confirm", "token": token}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Contact.name)) == "Åse Øvrebø"
    db.session.expire_all()
    assert db.session.get(Organization, org.id).official_email == "postmottak@utsira.kommune.no"
    # the token is used up
    response = coord_client.post(
        "/coordinator/organizations/import", data={"action": "confirm", "token": token}
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 1


def test_import_page_bad_file_lists_lines(coord_client, app_ctx):
    f.municipality("Utsira", number="1151", population=200)
    data = "organization;name;email\n1151;Kari;kari@utsira.no\n1151;;ingen\n"
    response = coord_client.post(
        "/coordinator/organizations/import",
        data={"action": "dry_run", "file": (io.BytesIO(data.encode()), "k.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert 'id="import-errors"' in response.text and 'name="token"' not in response.text
    assert '<th scope="row">3</th>' in response.text
    response = coord_client.post(
        "/coordinator/organizations/import",
        data={"action": "dry_run"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and 'id="file-error"' in response.text
    assert db.session.scalar(select(Contact)) is None
