"""The Trøndelag story end to end (issue 13), over the API and real SMTP.

Small municipalities in Trøndelag (county 50), none with recent participation:
- Frosta (bokmål) has a contact: reached through the contact;
- Høylandet (nynorsk) has only its official address: reached there, in nynorsk;
- Lierne (bokmål) has an opted-out contact and an official address: reached there;
- Røyrvik has neither: listed as unreachable.
Levanger (20,574 inhabitants) is not small and stays off the target list.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from netmgr.campaigns.models import Campaign, CampaignRecipient
from netmgr.extensions import db
from netmgr.groups import services as groups
from netmgr.mail.sender import drain_outbox
from netmgr.organizations.models import Contact
from netmgr.registration.models import Registration


@pytest.fixture
def trondelag(factory, coordinator):
    def muni(name, standard="nb", population=2000, official=None):
        org = factory.org(name=name, standard=standard, county="50", population=population)
        org.official_email = official
        return org

    m = {
        "frosta": muni("Frosta", population=2645),
        "hoylandet": muni("Høylandet", "nn", 1222, "postmottak@hoylandet.example"),
        "lierne": muni("Lierne", population=1301, official="postmottak@lierne.example"),
        "royrvik": muni("Røyrvik", population=423),
        "levanger": muni("Levanger", population=20574),
    }
    kari = factory.contact(m["frosta"], name="Kari Frosta", email="kari@frosta.example")
    factory.contact(m["lierne"], name="Ola Lierne", email="ola@lierne.example", opted_out=True)
    factory.contact(m["levanger"], name="Lise Levanger", email="lise@levanger.example")
    event = factory.event(coordinator=coordinator, capacity=40, title="Møteplass Trøndelag")
    group = groups.create_group(
        {
            "slug": "namdal",
            "name": "Namdal regionråd",
            "kind": "regional_council",
            "host_organization_id": m["frosta"].id,
        }
    )
    for key in ("frosta", "hoylandet", "lierne", "royrvik"):
        groups.add_member(group, m[key])
    db.session.commit()
    return m, kari, event, group


def _official_link(msg) -> str:
    text = msg.get_body(("plain",)).get_content()
    return re.search(r"http://netmgr\.test(/rsvp/official/\S+)", text).group(1)


def test_targets_campaign_official_address_registers_and_counts(
    app, client, api_headers, smtp_server, trondelag
):
    m, kari, event, _group = trondelag
    targets = client.get("/api/v1/targets?county=50", headers=api_headers).json["items"]
    assert {t["name"]: t["reachable"] for t in targets} == {
        "Frosta": "contact",
        "Høylandet": "official",
        "Lierne": "official",
        "Røyrvik": "none",
    }
    assert all(t["groups"] == [{"id": _group.id, "name": "Namdal regionråd"}] for t in targets)

    r = client.post(
        "/api/v1/campaigns",
        json={"event_id": event.id, "targets": {"county": "50"}},
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    body = r.json
    assert (body["status"], body["recipients"], body["official"]) == ("draft", 3, 1 + 1)
    assert body["unreachable"] == [{"id": m["royrvik"].id, "name": "Røyrvik"}]
    assert body["criteria"]["source"] == "targeting"
    cid = body["id"]
    assert client.get(f"/api/v1/campaigns/{cid}", headers=api_headers).json["id"] == cid

    sent = client.post(f"/api/v1/campaigns/{cid}/send", headers=api_headers)
    assert sent.status_code == 200 and sent.json["queued"] == 3 and sent.json["status"] == "sent"
    assert client.post(f"/api/v1/campaigns/{cid}/send", headers=api_headers).status_code == 409
    assert drain_outbox(app).sent == 3
    by_to = {msg["To"].addresses[0].addr_spec: msg for msg in smtp_server.wait_for(3)}
    assert set(by_to) == {
        "kari@frosta.example",
        "postmottak@hoylandet.example",
        "postmottak@lierne.example",
    }
    nn = by_to["postmottak@hoylandet.example"]
    nn_text = nn.get_body(("plain",)).get_content()
    assert nn["Content-Language"] == "nn"
    assert "Til Høylandet kommune" in nn_text
    assert "Send gjerne e-posten vidare" in nn_text and "svarar om du kjem" in nn_text
    nb_text = by_to["postmottak@lierne.example"].get_body(("plain",)).get_content()
    assert by_to["postmottak@lierne.example"]["Content-Language"] == "nb"
    assert "Til Lierne kommune" in nb_text and "Send gjerne e-posten videre" in nb_text
    assert by_to["kari@frosta.example"]["Content-Language"] == "nb"
    assert "Hei Kari Frosta" in by_to["kari@frosta.example"].get_body(("plain",)).get_content()

    items = client.get(f"/api/v1/campaigns/{cid}/recipients", headers=api_headers).json
    assert items["total"] == 3 and items["page"] == 1
    rows = {i["email"]: i for i in items["items"]}
    assert rows["kari@frosta.example"] == {
        "organization_id": m["frosta"].id,
        "contact_id": kari.id,
        "email": "kari@frosta.example",
        "kind": "contact",
        "status": "sent",
        "answer": "none",
    }
    assert rows["postmottak@hoylandet.example"]["contact_id"] is None
    assert rows["postmottak@hoylandet.example"]["kind"] == "official"

    # The receiver at Høylandet's postmottak opens the link, registers and answers
    link = _official_link(nn)
    assert client.get(link).status_code == 200
    contacts_before = db.session.scalar(select(func.count(Contact.id)))
    bad = client.post(link, data={"name": "", "email": "ikke-en-adresse", "answer": ""})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="name-error"' in html and 'id="email-error"' in html
    taken = client.post(
        link, data={"name": "Lise", "email": "lise@levanger.example", "answer": "accepted"}
    )
    assert taken.status_code == 422  # an address of another municipality
    assert db.session.scalar(select(func.count(Contact.id))) == contacts_before
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    done = client.post(
        link,
        data={
            "name": "Hilde Høylandet",
            "email": "Hilde@Hoylandet.example",
            "title": "Innkjøpsrådgiver",
            "answer": "accepted",
        },
    )
    assert done.status_code == 200 and 'data-status="confirmed"' in done.get_data(as_text=True)
    db.session.expire_all()
    hilde = db.session.scalar(select(Contact).where(Contact.email == "hilde@hoylandet.example"))
    assert (hilde.organization_id, hilde.title) == (m["hoylandet"].id, "Innkjøpsrådgiver")
    reg = db.session.scalar(select(Registration))
    assert (reg.organization_id, reg.contact_id, reg.status) == (
        m["hoylandet"].id,
        hilde.id,
        "confirmed",
    )
    items = client.get(f"/api/v1/campaigns/{cid}/recipients", headers=api_headers).json
    official = next(i for i in items["items"] if i["email"] == "postmottak@hoylandet.example")
    assert (official["contact_id"], official["answer"]) == (hilde.id, "accepted")

    # The answer counts for the municipality
    targets = {
        t["name"]: t
        for t in client.get("/api/v1/targets?county=50", headers=api_headers).json["items"]
    }
    assert targets["Høylandet"]["invitation_answer"] == "registered"
    assert targets["Høylandet"]["reachable"] == "contact"
    assert targets["Lierne"]["invitation_answer"] == "no_answer"


def test_group_and_host_campaigns(client, api_headers, trondelag):
    m, kari, event, group = trondelag
    r = client.post(
        "/api/v1/campaigns", json={"event_id": event.id, "group_id": group.id}, headers=api_headers
    )
    assert r.status_code == 201, r.json
    assert (r.json["recipients"], r.json["official"]) == (3, 2)
    assert [u["name"] for u in r.json["unreachable"]] == ["Røyrvik"]
    host = client.post(
        "/api/v1/campaigns",
        json={"event_id": event.id, "group_id": group.id, "on_behalf": True},
        headers=api_headers,
    )
    assert host.status_code == 201, host.json
    items = client.get(f"/api/v1/campaigns/{host.json['id']}/recipients", headers=api_headers)
    assert [(i["contact_id"], i["kind"]) for i in items.json["items"]] == [(kari.id, "contact")]
    by_ids = client.post(
        "/api/v1/campaigns",
        json={"event_id": event.id, "organization_ids": [m["royrvik"].id, m["levanger"].id]},
        headers=api_headers,
    )
    assert by_ids.json["recipients"] == 1 and by_ids.json["unreachable"][0]["name"] == "Røyrvik"


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "event_id"),
        ({"group_id": 1}, "event_id"),
        ({"event_id": "EVENT"}, "_schema"),
        ({"event_id": "EVENT", "group_id": "GROUP", "organization_ids": [1]}, "_schema"),
        ({"event_id": "EVENT", "organization_ids": []}, "organization_ids"),
        ({"event_id": "EVENT", "organization_ids": [999999]}, "organization_ids"),
        ({"event_id": "EVENT", "group_id": 999999}, "group_id"),
        ({"event_id": 999999, "group_id": "GROUP"}, "event_id"),
        ({"event_id": "EVENT", "targets": {"months": 0}}, "targets.months"),
        ({"event_id": "EVENT", "targets": {"colour": "red"}}, "targets.colour"),
        ({"event_id": "EVENT", "targets": {"county": "03"}}, "targets"),  # empty list
        ({"event_id": "EVENT", "organization_ids": [1], "on_behalf": True}, "on_behalf"),
    ],
)
def test_bad_campaign_requests_write_nothing(client, api_headers, trondelag, body, field):
    _m, _kari, event, group = trondelag
    body = {
        k: (event.id if v == "EVENT" else group.id if v == "GROUP" else v) for k, v in body.items()
    }
    r = client.post("/api/v1/campaigns", json=body, headers=api_headers)
    assert r.status_code == 422 and field in r.json["errors"], r.json
    assert db.session.scalar(select(func.count(Campaign.id))) == 0
    assert db.session.scalar(select(func.count(CampaignRecipient.id))) == 0


def test_campaign_api_needs_a_coordinator_token(client, trondelag):
    _m, _kari, event, group = trondelag
    assert (
        client.post(
            "/api/v1/campaigns", json={"event_id": event.id, "group_id": group.id}
        ).status_code
        == 401
    )
    assert client.get("/api/v1/campaigns/1").status_code == 401
    assert client.get("/api/v1/campaigns/1/recipients").status_code == 401
