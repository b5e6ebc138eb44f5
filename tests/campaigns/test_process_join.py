"""The invitation to join a joint process (issue 14), over the pages, the API and real SMTP.

Fixed data set, process "Digitalt nattilsyn" (phase needs):
  need owners: Voss (46, 15 600, nynorsk) and Ulvik (46, 1 100, nynorsk); observer Granvin
  (46, 900). Group "Fjellnettverket": Voss and Lesja (34, 2 000) today; Dovre (34, 2 600)
  left it.
Candidates (small, not in the process, in county 46 or in a group of a need owner):
  Eidfjord  46    900  contact Per (no language: the municipality's nynorsk)   → contact mail
  Modalen   46    390  only an official address                                → official (nn)
  Tysnes    46  2 800  neither                                                 → unreachable
  Lesja     34  2 000  contact Liv, via the group                              → contact mail (nb)
Left out: Kvam (46, 8 500: not small), Granvin and Ulvik (in the process), Skjåk (34, 2 200:
neither the county nor the group), Dovre (left the group).

So the campaign reaches exactly Per, Modalen's postmottak and Liv (3 mails), Tysnes is listed
as unreachable. Figures before: need owners 2, small 1 (Ulvik), inhabitants 16 700, counties 1.
Lesja accepts → pending (figures unchanged); approved → need owners 3, small 2, inhabitants
18 700, counties 2. Modalen's receiver registers through the official page and accepts →
pending too.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from netmgr.campaigns.models import Campaign
from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.groups import services as groups
from netmgr.mail.sender import drain_outbox
from netmgr.organizations.models import Contact
from netmgr.processes import services as processes
from netmgr.processes.models import ProcessParticipant
from tests.conftest import sign_in

LINK = re.compile(r"http://netmgr\.test(/rsvp/(?:process/accept|official)/\S+)")


@pytest.fixture
def nattilsyn(factory, coordinator):
    def muni(name, county, population, standard="nn", official=None):
        org = factory.org(name=name, standard=standard, county=county, population=population)
        org.official_email = official
        return org

    m = {
        "voss": muni("Voss", "46", 15600),
        "ulvik": muni("Ulvik", "46", 1100),
        "granvin": muni("Granvin", "46", 900),
        "eidfjord": muni("Eidfjord", "46", 900),
        "modalen": muni("Modalen", "46", 390, official="postmottak@modalen.example"),
        "tysnes": muni("Tysnes", "46", 2800),
        "kvam": muni("Kvam", "46", 8500, official="postmottak@kvam.example"),
        "lesja": muni("Lesja", "34", 2000, "nb"),
        "skjak": muni("Skjåk", "34", 2200, "nb", official="postmottak@skjak.example"),
        "dovre": muni("Dovre", "34", 2600, "nb", official="postmottak@dovre.example"),
    }
    factory.contact(m["eidfjord"], name="Per Eidfjord", email="per@eidfjord.example")
    factory.contact(m["lesja"], name="Liv Lesja", email="liv@lesja.example")
    factory.contact(m["kvam"], name="Kari Kvam", email="kari@kvam.example")
    group = groups.create_group(
        {"slug": "fjellnettverket", "name": "Fjellnettverket", "kind": "procurement_cooperation"}
    )
    long_ago = dt.date(2020, 1, 1)
    for key in ("voss", "lesja", "dovre"):
        groups.add_member(group, m[key], joined_on=long_ago)
    groups.end_membership(group, m["dovre"], left_on=dt.date(2021, 1, 1))
    process = processes.create_process(
        {"slug": "digitalt-nattilsyn", "title": "Digitalt nattilsyn", "public": True}
    )
    processes.add_participant(process, m["voss"].id, "need_owner")
    processes.add_participant(process, m["ulvik"].id, "need_owner")
    processes.add_participant(process, m["granvin"].id, "observer")
    db.session.commit()
    return m, process


def _figures(client, process, headers):
    body = client.get(f"/api/v1/processes/{process.id}/summary", headers=headers).json
    return tuple(body[k] for k in ("need_owners", "small_need_owners", "population_covered"))


def test_invitation_to_join_reaches_exactly_the_expected_small_municipalities(
    app, client, api_headers, smtp_server, nattilsyn, coordinator
):
    m, process = nattilsyn
    targets = client.get(f"/api/v1/targets?process={process.id}", headers=api_headers).json
    assert sorted(t["name"] for t in targets["items"]) == ["Eidfjord", "Lesja", "Modalen", "Tysnes"]
    assert _figures(client, process, api_headers) == (2, 1, 16700)

    # The one action on the coordinator process page
    sign_in(client, coordinator)
    page = client.get(f"/coordinator/processes/{process.id}").get_data(as_text=True)
    assert f'action="/coordinator/campaigns/process/{process.id}"' in page
    made = client.post(f"/coordinator/campaigns/process/{process.id}")
    assert made.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.process_id == process.id))
    assert (campaign.event_id, campaign.kind, campaign.criteria["source"]) == (
        None,
        "process",
        "process",
    )
    assert campaign.orgs_without_contacts == [{"id": m["tysnes"].id, "name": "Tysnes"}]
    detail = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "Til Modalen kommune" in detail and "Hei Per Eidfjord" in detail  # both previews
    assert "Til offisiell adresse" in detail

    sent = client.post(f"/api/v1/campaigns/{campaign.id}/send", headers=api_headers)
    assert sent.status_code == 200 and sent.json["queued"] == 3
    assert sent.json["kind"] == "process" and sent.json["process_id"] == process.id
    assert drain_outbox(app).sent == 3
    by_to = {msg["To"].addresses[0].addr_spec: msg for msg in smtp_server.wait_for(3)}
    assert set(by_to) == {"per@eidfjord.example", "postmottak@modalen.example", "liv@lesja.example"}
    per = by_to["per@eidfjord.example"].get_body(("plain",)).get_content()
    assert by_to["per@eidfjord.example"]["Content-Language"] == "nn"
    # explains the process, its phase and who is behind it (nynorsk)
    assert "Digitalt nattilsyn" in per and "Behovskartlegging" in per
    assert "Ulvik, Voss" in per and "16 700" in per.replace("\xa0", " ") and "innbyggjarar" in per
    modalen = by_to["postmottak@modalen.example"].get_body(("plain",)).get_content()
    assert "Til Modalen kommune" in modalen and "/rsvp/official/" in modalen
    liv = by_to["liv@lesja.example"].get_body(("plain",)).get_content()
    assert by_to["liv@lesja.example"]["Content-Language"] == "nb"
    assert "Fase nå: Behovskartlegging" in liv and "innbyggere" in liv
    assert not any(
        part.get_content_type() == "text/calendar" for part in by_to["liv@lesja.example"].walk()
    )

    # Liv accepts: Lesja is a pending need owner, the figures do not move yet
    accept = LINK.search(liv).group(1)
    assert client.get(accept).status_code == 200  # a confirm button; GET writes nothing
    assert (
        db.session.scalar(
            select(ProcessParticipant).where(ProcessParticipant.organization_id == m["lesja"].id)
        )
        is None
    )
    done = client.post(accept)
    assert 'data-status="pending"' in done.get_data(as_text=True)
    assert client.post(accept).status_code == 200  # twice: nothing new
    lesja = processes.open_participation(process, m["lesja"].id)
    assert (lesja.role, lesja.status) == ("need_owner", "pending")
    assert _figures(client, process, api_headers) == (2, 1, 16700)
    listed = client.get(f"/api/v1/processes/{process.id}/participants", headers=api_headers)
    assert {p["organization_name"]: p["status"] for p in listed.json}["Lesja"] == "pending"
    public = client.get(f"/api/v1/processes/{process.id}/participants").json
    assert "Lesja" not in {p["organization_name"] for p in public}  # the public list: approved
    again = client.get(f"/api/v1/targets?process={process.id}", headers=api_headers).json
    assert "Lesja" not in {t["name"] for t in again["items"]}  # asked already: not invited again

    # Modalen's postmottak: the receiver registers and says yes
    official = LINK.search(modalen).group(1)
    form = client.get(official).get_data(as_text=True)
    assert 'lang="nn"' in form and "Vil de vere med?" in form
    answer = client.post(
        official,
        data={"name": "Mona Modalen", "email": "mona@modalen.example", "answer": "accepted"},
    )
    assert answer.status_code == 200 and 'data-status="pending"' in answer.get_data(as_text=True)
    mona = db.session.scalar(select(Contact).where(Contact.email == "mona@modalen.example"))
    assert mona.organization_id == m["modalen"].id
    assert processes.open_participation(process, m["modalen"].id).status == "pending"

    # The coordinator approves Lesja and refuses Modalen
    page = client.get(f"/coordinator/processes/{process.id}").get_data(as_text=True)
    assert 'id="pending-table"' in page and "Lesja" in page
    base = f"/coordinator/processes/{process.id}/participants"
    assert client.post(f"{base}/{m['lesja'].id}/approve").status_code == 302
    assert client.post(f"{base}/{m['modalen'].id}/refuse").status_code == 302
    assert client.post(f"{base}/{m['modalen'].id}/approve").status_code == 404
    db.session.expire_all()
    assert processes.open_participation(process, m["lesja"].id).status == "active"
    assert processes.open_participation(process, m["modalen"].id) is None
    assert _figures(client, process, api_headers) == (3, 2, 18700)
    summary = client.get(f"/api/v1/processes/{process.id}/summary", headers=api_headers).json
    assert summary["counties"] == 2
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "process.participant_requested",
        "process.participant_approved",
        "process.participant_refused",
        "rsvp.join_accepted",
    } <= actions
    recipients = client.get(f"/api/v1/campaigns/{campaign.id}/recipients", headers=api_headers)
    answers = {r["email"]: r["answer"] for r in recipients.json["items"]}
    assert answers == {
        "per@eidfjord.example": "none",
        "postmottak@modalen.example": "accepted",
        "liv@lesja.example": "accepted",
    }


def test_join_campaign_through_the_api_and_bad_input(client, api_headers, nattilsyn, factory):
    _m, process = nattilsyn
    r = client.post("/api/v1/campaigns", json={"process_id": process.id}, headers=api_headers)
    assert r.status_code == 201, r.json
    assert (r.json["kind"], r.json["event_id"], r.json["recipients"]) == ("process", None, 3)
    event = factory.event()
    both = client.post(
        "/api/v1/campaigns",
        json={"process_id": process.id, "event_id": event.id, "targets": {}},
        headers=api_headers,
    )
    assert both.status_code == 422 and "event_id" in both.json["errors"]
    unknown = client.post("/api/v1/campaigns", json={"process_id": 99999}, headers=api_headers)
    assert unknown.status_code == 422 and "process_id" in unknown.json["errors"]
    processes.update_process(process, {"status": "stopped"})
    db.session.commit()
    stopped = client.post("/api/v1/campaigns", json={"process_id": process.id}, headers=api_headers)
    assert stopped.status_code == 422
    assert (
        db.session.scalar(select(Campaign.id).where(Campaign.process_id == process.id))
        == r.json["id"]
    )
