"""The inputs the probe found, one by one: each gives 404, 422 or a form message, never a 500,
and nothing is written (issue 12.5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from netmgr.campaigns.models import Campaign
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.participation.importer import import_participation
from netmgr.web.inputs import single_line, to_date, to_int
from tests import factories

HEADER = "event_title,date,kind,network_or_theme,organization,contact_name,contact_email,attended\n"


@pytest.mark.parametrize("ident", ["0", "-1", str(2**31), str(2**63), "99999999999", "%C2%B2"])
def test_ids_out_of_range_are_404_for_pages_and_api(client, ident):
    for url in (f"/events/{ident}", f"/events/{ident}.ics", f"/events/{ident}/register/buyer"):
        assert client.get(url).status_code == 404, url
    api = client.get(f"/api/v1/calendar/organizations/{ident}/subscriptions")
    assert api.status_code == 404 and "errors" in api.get_json()


def test_the_helpers_refuse_what_int_and_fromisoformat_would_choke_on():
    assert [to_int(v) for v in ("²", "\x00", "1" * 30, "99999999999", "-1", " 42 ")] == [
        None, None, None, None, None, 42,
    ]  # fmt: skip
    assert [to_date(v) for v in ("2026-02-30", "0001-01-01", "x" * 10_000)] == [None] * 3
    assert not single_line("Møte\r\nBcc: x") and not single_line("a\x00b")
    assert single_line("Møteplass Bergen")


def test_settings_small_limit_superscript_is_a_form_message(admin_client):
    response = admin_client.post(
        "/coordinator/participation/settings", data={"thresholds": "2000, 5000", "small_limit": "²"}
    )
    assert response.status_code == 422 and "Skriv et helt tall" in response.get_data(as_text=True)


def test_checkin_with_an_id_beyond_the_column_is_a_message(coord_client):
    event = factories.event()
    response = coord_client.post(
        f"/coordinator/participation/events/{event.id}/checkin",
        data={"action": "attended", "registration_id": "99999999999"},
    )
    assert response.status_code == 422


@pytest.mark.parametrize("value", ["²", "99999999999", "\x00"])
def test_campaign_form_with_a_junk_event_id_is_a_message(coord_client, value):
    factories.event()
    response = coord_client.post("/coordinator/campaigns/new", data={"event_id": value})
    assert response.status_code == 422
    assert db.session.scalars(select(Campaign)).all() == []


@pytest.mark.parametrize("value", ["²", "99999999999", "\x00", "x" * 10_000])
def test_filters_with_junk_answer_without_a_server_error(coord_client, value):
    for url in ("/coordinator/events", "/coordinator/participation/", "/api/v1/targets"):
        for name in ("network", "theme", "q", "max_population"):
            status = coord_client.get(url, query_string={name: value}).status_code
            assert status < 500, (url, name, status)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Møte,2024-01-01,webinar,,1001,,,j\x00a", "ikke er tillatt"),
        ("Møte,0001-01-01,webinar,,1001,,,ja", "ugyldig dato"),
        ("Møte,2024-01-01,webinar,," + "x" * 200_000 + ",,,ja", "for langt felt"),
        ('"Møte\r\nBcc: x",2024-01-01,webinar,,1001,,,ja', "én linje"),
    ],
)
def test_the_import_refuses_bad_rows_with_their_line_number(app_ctx, row, message):
    report = import_participation(HEADER + row + "\n", dry_run=False)
    assert report.errors and report.errors[0][0] == 2, report.errors
    assert message in report.errors[0][1]
    assert db.session.scalars(select(Event)).all() == []
