"""The process in the coordinator event form, the participation report filtered by process,
and the processes on the organisation page (issue 14).

Report figures by hand (the ``dialogue`` fixture of conftest.py plus two attendances):
11 municipalities in the registry. Process events attended by Litjdal (1 200, conference)
and Storhavn (61 000, one-to-one meetings); Nordvik (2 100) attended an event outside the
process.
- process=<id>: reached 2 of 11, 2 participations; small (under 5 000: Litjdal, Fjellvik,
  Nordøy, Gammelvik, Småby, Nordvik, Vestby = 7) reached 1, the other 4 reached 1.
  Representation index of the small ones: (1/2) / (7/11) = 0.786.
- no filter: reached 3 of 11, 3 participations.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.processes import services

from .conftest import attend


def test_event_form_offers_the_active_processes(coord_client, process, orgs):
    stopped = services.create_process({"slug": "stoppa", "title": "Stoppet prosess"})
    services.update_process(stopped, {"status": "stopped"})
    db.session.commit()
    page = coord_client.get("/coordinator/events/new").get_data(as_text=True)
    assert 'name="joint_process"' in page and "Digitalt tilsyn på natt" in page
    assert "Stoppet prosess" not in page
    data = {
        "title": "Dialogkonferanse",
        "kind": "market_dialogue",
        "starts_on": "2026-03-03",
        "starts_time": "09:00",
        "ends_on": "2026-03-03",
        "ends_time": "11:30",
        "network": "0",
        "joint_process": str(process.id),
        "presenter_slots": "0",
    }
    assert coord_client.post("/coordinator/events/new", data=data).status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Dialogkonferanse"))
    assert event.process_id == process.id
    edit = coord_client.get(f"/coordinator/events/{event.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{process.id}"' in edit or (
        f'value="{process.id}" selected' in edit
    )
    bad = coord_client.post("/coordinator/events/new", data={**data, "joint_process": "99999"})
    assert bad.status_code == 422 and "Prosessen finnes ikke." in bad.get_data(as_text=True)


def _report(client, headers, **params):
    today = dt.date.today()
    query = {"from": today.isoformat(), "to": (today + dt.timedelta(days=60)).isoformat()}
    r = client.get(
        "/api/v1/reports/participation", query_string={**query, **params}, headers=headers
    )
    assert r.status_code == 200, r.json
    return r.json


def test_participation_report_filtered_by_process(client, api_headers, dialogue, orgs, process):
    attend(dialogue.meetings, orgs.storhavn)
    elsewhere = db.session.scalar(select(Event).where(Event.title == "Møteplass bygg"))
    attend(elsewhere, orgs.nordvik)
    everything = _report(client, api_headers, group_by="small")["overall"]
    assert (everything["municipalities"], everything["reached"]) == (11, 3)
    assert everything["participations"] == 3
    body = _report(client, api_headers, group_by="small", process=process.id)
    assert (body["overall"]["reached"], body["overall"]["participations"]) == (2, 2)
    rows = {r["segment"]: r for r in body["items"]}
    small = rows["small"]
    assert (small["municipalities"], small["reached"]) == (7, 1)
    assert round(small["representation_index"], 3) == 0.786
    bad = client.get("/api/v1/reports/participation?process=99999", headers=api_headers)
    assert bad.status_code == 422 and "process" in bad.json["errors"]


def test_report_page_has_the_process_filter(coord_client, dialogue, process):
    page = coord_client.get(f"/coordinator/participation/?process={process.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<option value="{process.id}" selected>' in html


def test_organisation_page_lists_its_processes(coord_client, process, orgs):
    html = coord_client.get(f"/coordinator/organizations/{orgs.gammelvik.id}").get_data(
        as_text=True
    )
    assert 'id="organization-processes"' in html and "Digitalt tilsyn på natt" in html
    section = html[html.index('id="organization-processes"') :]
    assert "<td>Behovseier</td>" in section and "30. april 2025" in section  # history kept
    other = coord_client.get(f"/coordinator/organizations/{orgs.mellomby.id}")
    assert "Ikke med i noen felles prosess." in other.get_data(as_text=True)
