"""Coordinator pages: report with SVG charts and CSV, targets, municipality, map, settings."""

from __future__ import annotations

import csv
import io
import re

import pytest

from netmgr.extensions import db
from netmgr.organizations.models import Contact
from netmgr.participation.services import CONTACTS_SHOWN
from tests.factories import municipality

Q = "from=2025-01-01&to=2025-06-30"


def test_pages_need_a_coordinator(client, dataset, make_user):
    for url in (
        "/coordinator/participation/",
        "/coordinator/participation/targets",
        "/coordinator/participation/map",
        "/coordinator/participation/outcomes",
        f"/coordinator/participation/municipalities/{dataset.m.litjby.id}",
        f"/coordinator/participation/events/{dataset.e.e1.id}/checkin",
    ):
        resp = client.get(url)
        assert resp.status_code in (302, 401), url


def test_report_page_has_accessible_charts_and_tables(coord_client, dataset):
    resp = coord_client.get(f"/coordinator/participation/?{Q}&theme=welfare_technology")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    for chart in ("chart-reach", "chart-index", "chart-trend", "chart-county"):
        svg = re.search(rf'<svg[^>]*id="{chart}"[^>]*>', html).group(0)
        assert 'role="img"' in svg and f'aria-labelledby="{chart}-title {chart}-desc"' in svg
        assert f'<title id="{chart}-title">' in html and f'<desc id="{chart}-desc">' in html
    assert 'id="table-size"' in html and 'id="table-county"' in html
    assert 'value="welfare_technology" selected' in html
    assert "theme=welfare_technology" in html  # CSV links keep the filters
    assert "<title>under 2\u00a0000: 100,0 %</title>" in html


def test_report_csv(coord_client, dataset):
    resp = coord_client.get(f"/coordinator/participation/report.csv?table=size_class&{Q}")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    body = io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))
    rows = list(csv.DictReader(body, delimiter=";"))
    first = rows[0]  # decimal commas: Excel with Norwegian settings reads them as numbers
    assert first["segment"] == "0-1999" and first["representation_index"] == "2,0"
    assert first["participants_per_10000"] == "20,0"
    trend = coord_client.get(f"/coordinator/participation/report.csv?table=trend&{Q}")
    lines = trend.get_data(as_text=True).strip().splitlines()
    assert len(lines) == 3 and lines[1].startswith("2025-K1;4;1;25,0;2;2;1;50,0;2")
    assert coord_client.get(f"/coordinator/participation/report.csv?table=x&{Q}").status_code == 404


def test_report_bad_filter_shows_message_not_500(coord_client, dataset):
    resp = coord_client.get("/coordinator/participation/?from=2025-13-40")
    assert resp.status_code == 200
    assert 'id="error-summary"' in resp.get_data(as_text=True)


def test_target_page_and_csv(coord_client, dataset):
    resp = coord_client.get("/coordinator/participation/targets?max_population=4999&months=12")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'id="target-table"' in html
    resp = coord_client.get(
        "/coordinator/participation/targets.csv?min_participations=2&county=46&months=240"
    )
    body = io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))
    rows = list(csv.DictReader(body, delimiter=";"))
    assert [r["municipality_number"] for r in rows] == ["1003"]
    assert rows[0]["no_contacts"] == "Ja"  # in words, not Python's True
    # the same list as Excel, text cells (issue 17, item 14)
    from openpyxl import load_workbook

    resp = coord_client.get(
        "/coordinator/participation/targets.xlsx?min_participations=2&county=46&months=240"
    )
    assert (
        resp.status_code == 200
        and 'filename="malliste.xlsx"' in resp.headers["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(resp.get_data())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "municipality_number" and values[1][0] == "1003"
    report = coord_client.get(f"/coordinator/participation/report.xlsx?table=size_class&{Q}")
    sheet = load_workbook(io.BytesIO(report.get_data())).active
    assert sheet.cell(row=2, column=1).value == "0-1999"
    html = coord_client.get("/coordinator/participation/targets?months=12").get_data(as_text=True)
    assert "/coordinator/participation/targets.xlsx" in html


def test_municipality_page(coord_client, dataset):
    html = coord_client.get(
        f"/coordinator/participation/municipalities/{dataset.m.noshow.id}"
    ).get_data(as_text=True)
    assert "Noshowvik" in html and "Nora Noshow" in html
    assert 'id="last-participation">Aldri' in html
    assert "takket nei" in html and "Uteblitt" in html
    html = coord_client.get(
        f"/coordinator/participation/municipalities/{dataset.m.grense.id}"
    ).get_data(as_text=True)
    assert 'id="no-contacts"' in html and "(slettet)" in html
    assert coord_client.get("/coordinator/participation/municipalities/999999").status_code == 404


def test_municipality_page_lists_the_first_contacts_and_points_to_all(coord_client, app_ctx):
    big = municipality("Storvik", population=40000)
    db.session.add_all(
        Contact(organization_id=big.id, name=f"Person {i:03d}", email=f"p{i}@storvik.kommune.no")
        for i in range(CONTACTS_SHOWN + 3)
    )
    db.session.commit()
    html = coord_client.get(f"/coordinator/participation/municipalities/{big.id}").get_data(
        as_text=True
    )
    listed = re.findall(r"Person (\d{3})", html)
    assert listed == [f"{i:03d}" for i in range(CONTACTS_SHOWN)]  # the first ones, by name
    shown = re.search(r'id="contacts-shown">([^<]*)<a [^>]*href="([^"]*)"', html)
    assert (
        shown.group(1).strip()
        == f"Viser de {CONTACTS_SHOWN} første av {CONTACTS_SHOWN + 3}, etter navn."
    )
    assert shown.group(2) == f"/coordinator/organizations/{big.id}#h-contacts"


def test_map_page(coord_client, dataset, app):
    from netmgr.organizations.models import Organization

    oslo = Organization(
        kind="municipality",
        name="Oslo",
        municipality_number="0301",
        population=717710,
        county_number="03",
    )
    utsira = Organization(
        kind="municipality",
        name="Utsira",
        municipality_number="1151",
        population=215,
        county_number="11",
    )
    db.session.add_all([oslo, utsira])
    db.session.commit()
    resp = coord_client.get("/coordinator/participation/map?figure=months")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert html.count("<path d=") == 357
    assert "© Kartverket, CC BY 4.0" in html
    # only registry municipalities whose numbers are on the map get a link; Utsira is small
    assert html.count('href="/coordinator/participation/municipalities/') == 2
    assert f'href="/coordinator/participation/municipalities/{utsira.id}"><path d="' in html
    assert re.search(
        rf'municipalities/{utsira.id}"><path d="[^"]+" fill="#f0f0f0" class="s"[^>]*>'
        r"<title>Utsira: aldri deltatt</title>",
        html,
    )
    assert re.search(rf'municipalities/{oslo.id}"><path d="[^"]+" fill="#f0f0f0">', html)
    # a group, not an image: it holds a link per municipality (axe nested-interactive)
    assert 'role="group"' in html and 'aria-labelledby="map-title map-desc"' in html


def test_settings_admin_only(coord_client, dataset, make_user, client, sign_in):
    assert coord_client.get("/coordinator/participation/settings").status_code == 403
    admin = make_user(email="admin@lup.no", role="admin")
    sign_in(client, admin)
    resp = client.post(
        "/coordinator/participation/settings",
        data={"thresholds": "5000, 2000", "small_limit": "5000"},
    )
    assert resp.status_code == 422 and "stigende" in resp.get_data(as_text=True)
    resp = client.post(
        "/coordinator/participation/settings",
        data={"thresholds": "3000, 10000", "small_limit": "3000"},
    )
    assert resp.status_code == 302
    from netmgr.participation.settings import get_size_classes

    db.session.expire_all()
    assert get_size_classes().thresholds == (3000, 10000)


@pytest.mark.parametrize("url", ["/coordinator/"])
def test_dashboard_headline(coord_client, dataset, url):
    resp = coord_client.get(url)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'id="figure-small-reached"' in html and 'id="figure-small-index"' in html
