"""Public process pages and feed (only when public), coordinator pages and the exports."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from netmgr.calendars.feeds import cache
from netmgr.extensions import db
from netmgr.processes import services
from netmgr.processes.models import Process
from tests.calendars.helpers import by_uid, edit, parse_both, vevents


@pytest.fixture(autouse=True)
def _fresh_feeds(app):
    ttl = app.config["CALENDAR_FINGERPRINT_TTL"]
    app.config["CALENDAR_FINGERPRINT_TTL"] = 0
    cache.clear()
    yield
    cache.clear()
    app.config["CALENDAR_FINGERPRINT_TTL"] = ttl


def publish(process):
    services.publish_process(process)
    db.session.commit()


def test_public_page_and_feed_only_when_public(client, process, dialogue):
    for path in ("/processes/nattilsyn-agder", "/calendar/processes/nattilsyn-agder.ics"):
        assert client.get(path).status_code == 404
    assert "Digitalt tilsyn" not in client.get("/processes").get_data(as_text=True)
    publish(process)
    html = client.get("/processes").get_data(as_text=True)
    assert "Digitalt tilsyn på natt" in html and "5 behovseiere" in html
    page = client.get("/processes/nattilsyn-agder")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in ("Litjdal", "Nordøy", "Grensby", "76\u00a0099", "Gevinstrealisering"):
        assert text in html, text
    assert "Gammelvik" not in html  # left the process
    assert "Alfa Omsorg" not in html  # suppliers are the coordinator's record
    assert f"/events/{dialogue.conference.id}" in html
    assert "Avlyst webinar" not in html
    assert 'aria-current="step"' in html
    services.publish_process(process, False)
    db.session.commit()
    assert client.get("/processes/nattilsyn-agder").status_code == 404


def test_feed_passes_the_calendar_validators_and_caches(client, process, dialogue):
    publish(process)
    url = "/calendar/processes/nattilsyn-agder.ics"
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
    ical, vcal = parse_both(resp.data)
    assert str(ical["X-WR-CALNAME"]) == "LUP – Digitalt tilsyn på natt"
    uids = {v.uid.value for v in vevents(vcal)}
    assert uids == {dialogue.conference.uid, dialogue.meetings.uid, dialogue.webinar.uid}
    assert str(by_uid(ical, dialogue.webinar.uid)["STATUS"]) == "CANCELLED"
    etag = resp.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    edit(dialogue.conference, title="Dialogkonferanse (ny tid)")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    vevent = by_uid(parse_both(again.data)[0], dialogue.conference.uid)
    assert int(vevent["SEQUENCE"]) == 1


def test_coordinator_list_filters_and_process_page(coord_client, process, dialogue):
    html = coord_client.get("/coordinator/processes?phase=follow_up").get_data(as_text=True)
    assert "Digitalt tilsyn på natt" in html
    html = coord_client.get("/coordinator/processes?phase=needs").get_data(as_text=True)
    assert "Digitalt tilsyn på natt" not in html
    html = coord_client.get(f"/coordinator/processes/{process.id}").get_data(as_text=True)
    for text in ("Alfa Omsorg AS", "923609016", "Delta Digital AS", "Ble med i fasen Konkurranse"):
        assert text in html, text
    assert "Epsilon Bygg" not in html and "Gamma Vakt" not in html


def test_supplier_exports(coord_client, process, dialogue):
    resp = coord_client.get(f"/coordinator/processes/{process.id}/suppliers.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Leverandør", "Organisasjonsnummer", "Arrangementer", "Personer"]
    assert [r[:3] for r in rows[1:]] == [
        ["Alfa Omsorg AS", "923609016", "2"],
        ["Beta Sensor AS", "982463718", "1"],
        ["Delta Digital AS", "937052766", "1"],
    ]
    url = f"/coordinator/processes/{process.id}/events/{dialogue.conference.id}/suppliers.xlsx"
    book = load_workbook(io.BytesIO(coord_client.get(url).data))
    values = [[c.value for c in row] for row in book.active.iter_rows(min_row=3)]
    assert values == [
        ["Alfa Omsorg AS", "923609016", "1", "2"],
        ["Beta Sensor AS", "982463718", "1", "1"],
    ]
    other = coord_client.get(f"/coordinator/processes/{process.id}/events/999999/suppliers.csv")
    assert other.status_code == 404


def test_forms_create_edit_phase_and_participants(coord_client, app_ctx, orgs):
    resp = coord_client.post(
        "/coordinator/processes/new",
        data={"title": "Fossilfri bygging", "slug": "fossilfri", "status": "active", "theme": ""},
    )
    assert resp.status_code == 302
    process = db.session.query(Process).filter_by(slug="fossilfri").one()
    base = f"/coordinator/processes/{process.id}"
    again = coord_client.post(
        "/coordinator/processes/new",
        data={"title": "Annen", "slug": "fossilfri", "status": "active"},
    )
    assert again.status_code == 422 and "allerede i bruk" in again.get_data(as_text=True)

    assert coord_client.post(base + "/phase", data={"phase": "competition"}).status_code == 302
    back = coord_client.post(base + "/phase", data={"phase": "needs"})
    assert back.status_code == 422
    assert "bakover" in back.get_data(as_text=True)
    ok = coord_client.post(base + "/phase", data={"phase": "needs", "allow_backwards": "y"})
    assert ok.status_code == 302

    add = coord_client.post(
        base + "/participants/new",
        data={
            "organization_id": orgs.litjdal.id,
            "role": "need_owner",
            "joined_in_phase": "needs",
            "joined_on": "2026-01-05",
            "buys_separately": "y",
        },
    )
    assert add.status_code == 302
    twice = coord_client.post(
        base + "/participants/new",
        data={"organization_id": orgs.litjdal.id, "role": "need_owner", "joined_in_phase": "needs"},
    )
    assert twice.status_code == 422 and "allerede med" in twice.get_data(as_text=True)
    early = coord_client.post(
        f"{base}/participants/{orgs.litjdal.id}/leave", data={"left_on": "2025-12-31"}
    )
    assert early.status_code == 302
    db.session.expire_all()
    assert services.participants(process)[0].left_on is None
    coord_client.post(
        f"{base}/participants/{orgs.litjdal.id}/leave", data={"left_on": "2026-02-01"}
    )
    db.session.expire_all()
    assert services.participants(process)[0].left_on.isoformat() == "2026-02-01"

    edit_resp = coord_client.post(
        base + "/edit",
        data={
            "title": "Fossilfri bygging i Agder",
            "slug": "fossilfri",
            "status": "active",
            "public": "y",
        },
    )
    assert edit_resp.status_code == 302
    db.session.expire_all()
    assert process.public and process.title == "Fossilfri bygging i Agder"
    assert coord_client.get(base + "/edit").status_code == 200
    assert coord_client.get(base + "/participants/new?q=Litj").status_code == 200
