"""The official-address page speaks the municipality's written standard, and the campaign
preview shows the official-address mail next to the contact mail (issue 13).

Data: the Trøndelag fixture — Frosta (bokmål) reached through Kari, Høylandet (nynorsk) and
Lierne (bokmål) through their official addresses, Røyrvik unreachable.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from tests.campaigns.test_trondelag import trondelag  # noqa: F401 (the fixture)
from tests.conftest import sign_in


def _campaign(client, api_headers, event):
    r = client.post(
        "/api/v1/campaigns",
        json={"event_id": event.id, "targets": {"county": "50"}},
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    return r.json["id"]


def test_preview_shows_the_official_mail_and_the_contact_mail(
    client,
    api_headers,
    coordinator,
    trondelag,  # noqa: F811
):
    _m, _kari, event, _group = trondelag
    cid = _campaign(client, api_headers, event)
    sign_in(client, coordinator)
    html = client.get(f"/coordinator/campaigns/{cid}").get_data(as_text=True)
    headings = re.findall(r'<h3 class="ds-heading" data-size="sm">([^<]+)</h3>', html)
    assert headings[1:] == [
        "Til kontaktpersoner, bokmål (1)",
        "Til offisiell adresse, bokmål (1)",
        "Til offisiell adresse, nynorsk (1)",
    ]
    assert "Hei Kari Frosta" in html
    assert "Til Lierne kommune" in html and "Til Høylandet kommune" in html
    assert "Send gjerne e-posten vidare" in html  # the nynorsk official mail
    assert "/rsvp/official/" in html


def test_official_page_is_in_the_municipality_s_written_standard(
    client,
    api_headers,
    trondelag,  # noqa: F811
):
    _m, _kari, event, _group = trondelag
    cid = _campaign(client, api_headers, event)
    assert client.post(f"/api/v1/campaigns/{cid}/send", headers=api_headers).status_code == 200
    links = {}
    for to, text in db.session.execute(
        select(OutboxMessage.to_address, OutboxMessage.body_text).where(
            OutboxMessage.to_address.like("postmottak@%")
        )
    ):
        links[to] = re.search(r"http://netmgr\.test(/rsvp/official/\S+)", text).group(1)
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    nynorsk = client.get(links["postmottak@hoylandet.example"], headers=english)
    page = nynorsk.get_data(as_text=True)
    assert '<html lang="nn"' in page and "svar om du kjem" in page
    bokmal = client.get(links["postmottak@lierne.example"], headers=english)
    assert '<html lang="nb"' in bokmal.get_data(as_text=True)
    assert "svar om du kommer" in bokmal.get_data(as_text=True)
    # The reader chose English with the language switch: that wins
    client.get("/language/en")
    chosen = client.get(links["postmottak@hoylandet.example"]).get_data(as_text=True)
    assert '<html lang="en"' in chosen and "say whether you will come" in chosen
    # Errors on a posted form are in the same language
    client.delete_cookie("lang")
    bad = client.post(links["postmottak@hoylandet.example"], data={"name": "", "answer": ""})
    assert bad.status_code == 422 and '<html lang="nn"' in bad.get_data(as_text=True)
