"""Coordinator network pages: create, edit, members with history."""

import datetime as dt

from sqlalchemy import select

from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.networks.models import Network, NetworkMembership, Theme


def _theme_id(slug="welfare_technology"):
    return db.session.scalar(select(Theme.id).where(Theme.slug == slug))


def _form(**overrides):
    data = {
        "name": "Velferdsteknologi Vest",
        "slug": "velferd-vest",
        "theme": str(_theme_id()),
        "description": "Kommuner på Vestlandet",
        "active": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_network(coord_client):
    response = coord_client.post("/coordinator/networks/new", data=_form())
    assert response.status_code == 302
    network = db.session.scalar(select(Network))
    assert (network.name, network.slug, network.theme.slug, network.active) == (
        "Velferdsteknologi Vest",
        "velferd-vest",
        "welfare_technology",
        True,
    )
    assert response.headers["Location"].endswith(f"/coordinator/networks/{network.id}")
    assert db.session.scalar(select(AuditEntry.action)) == "network.created"
    page = coord_client.get(response.headers["Location"])
    assert "Velferdsteknologi Vest" in page.get_data(as_text=True)


def test_invalid_network_shows_errors_and_saves_nothing(coord_client):
    response = coord_client.post(
        "/coordinator/networks/new", data=_form(name="", slug="Ugyldig Slug", theme="0")
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert 'href="#name"' in html and 'href="#slug"' in html and 'href="#theme"' in html
    assert 'id="slug-error"' in html and 'aria-invalid="true"' in html
    assert db.session.scalar(select(Network)) is None


def test_duplicate_slug_from_service_is_shown_at_the_slug_field(coord_client):
    assert coord_client.post("/coordinator/networks/new", data=_form()).status_code == 302
    response = coord_client.post("/coordinator/networks/new", data=_form(name="Et annet nettverk"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="slug-error"' in html and "allerede i bruk" in html
    assert len(db.session.scalars(select(Network)).all()) == 1


def test_edit_network(coord_client):
    coord_client.post("/coordinator/networks/new", data=_form())
    network = db.session.scalar(select(Network))
    form_page = coord_client.get(f"/coordinator/networks/{network.id}/edit")
    assert 'value="velferd-vest"' in form_page.get_data(as_text=True)
    response = coord_client.post(
        f"/coordinator/networks/{network.id}/edit",
        data=_form(name="Nytt navn", theme=str(_theme_id("mobility")), active=None),
    )
    assert response.status_code == 302
    db.session.expire_all()
    network = db.session.get(Network, network.id)
    assert (network.name, network.theme.slug, network.active) == ("Nytt navn", "mobility", False)


def test_members_are_found_by_name_or_number_added_ended_and_kept_as_history(
    coord_client, make_org
):
    coord_client.post("/coordinator/networks/new", data=_form())
    network = db.session.scalar(select(Network))
    bergen = make_org("Bergen", population=291000)
    make_org("Bremanger", population=3500)
    supplier = make_org(
        "Nordisk Velferd AS", kind="supplier", population=None, org_number="923609016"
    )
    db.session.commit()
    url = f"/coordinator/networks/{network.id}"

    # Search by name narrows the plain <select>; search by organisation number finds the supplier
    html = coord_client.get(url, query_string={"q": "berg"}).get_data(as_text=True)
    assert f'<option value="{bergen.id}">' in html and "Bremanger" not in html
    html = coord_client.get(url, query_string={"q": "923 609 016"}).get_data(as_text=True)
    assert f'<option value="{supplier.id}">' in html and "Bergen (" not in html

    response = coord_client.post(
        f"{url}/members", data={"organization": str(bergen.id), "joined_on": "2025-01-01"}
    )
    assert response.status_code == 302
    # Adding the same organisation again is refused by the service, shown at the field
    again = coord_client.post(f"{url}/members", data={"organization": str(bergen.id)})
    assert again.status_code == 422
    assert "allerede medlem" in again.get_data(as_text=True)
    membership = db.session.scalar(select(NetworkMembership))

    # End it before it began: refused, nothing changes
    bad = coord_client.post(f"{url}/members/{membership.id}/end", data={"left_on": "2024-12-31"})
    assert bad.status_code == 422
    db.session.expire_all()
    assert db.session.get(NetworkMembership, membership.id).left_on is None

    assert (
        coord_client.post(
            f"{url}/members/{membership.id}/end", data={"left_on": "2025-06-30"}
        ).status_code
        == 302
    )
    # A second click changes nothing
    assert (
        coord_client.post(
            f"{url}/members/{membership.id}/end", data={"left_on": "2025-07-31"}
        ).status_code
        == 302
    )
    # Re-joining later opens a new row; the old one stays
    assert (
        coord_client.post(
            f"{url}/members", data={"organization": str(bergen.id), "joined_on": "2026-01-01"}
        ).status_code
        == 302
    )
    rows = db.session.scalars(select(NetworkMembership).order_by(NetworkMembership.id)).all()
    assert [(m.joined_on, m.left_on) for m in rows] == [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        (dt.date(2026, 1, 1), None),
    ]
    html = coord_client.get(url).get_data(as_text=True)
    assert "30. juni 2025" in html and "Medlem nå" in html


def test_network_list_counts_current_members(coord_client, make_org):
    coord_client.post("/coordinator/networks/new", data=_form())
    network = db.session.scalar(select(Network))
    a, b = make_org("A"), make_org("B")
    db.session.add_all(
        [
            NetworkMembership(network=network, organization=a, joined_on=dt.date(2025, 1, 1)),
            NetworkMembership(
                network=network,
                organization=b,
                joined_on=dt.date(2025, 1, 1),
                left_on=dt.date(2025, 2, 1),
            ),
        ]
    )
    db.session.commit()
    html = coord_client.get("/coordinator/networks").get_data(as_text=True)
    assert "<td>1</td>" in html


def test_long_organisation_list_is_cut_and_says_so(coord_client, make_org, monkeypatch):
    from netmgr.networks import views_coordinator

    monkeypatch.setattr(views_coordinator, "MAX_CHOICES", 2)
    coord_client.post("/coordinator/networks/new", data=_form())
    network = db.session.scalar(select(Network))
    for name in ("Alvdal", "Bamble", "Crossby"):
        make_org(name)
    db.session.commit()
    html = coord_client.get(f"/coordinator/networks/{network.id}").get_data(as_text=True)
    assert "Alvdal" in html and "Bamble" in html and "Crossby" not in html
    assert "Bare de første 2 vises" in html
    html = coord_client.get(
        f"/coordinator/networks/{network.id}", query_string={"q": "cross"}
    ).get_data(as_text=True)
    assert "Crossby" in html and "Bare de første" not in html
