"""History import: dry run lists what would happen and every bad row; real import is
all-or-nothing; the CLI and the upload page."""

from __future__ import annotations

import io
import os

from sqlalchemy import func, select

from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.participation.importer import import_participation
from netmgr.registration.models import Registration

GOOD = """event_title,date,kind,network_or_theme,organization,contact_name,contact_email,attended
Velferdsdag,2024-03-05,meeting_place,welfare_technology,1002,Nora Ny,nora.ny@example.no,ja
Velferdsdag,2024-03-05,meeting_place,welfare_technology,Storby,,,nei
Nettverksmøte vår,05.02.2025,nettverksmøte,n1,1005,,,yes
E1,2025-03-10,network_meeting,,1001,,,yes
"""

BAD = (
    GOOD
    + """Fremtidsdag,2099-01-01,webinar,,1001,,,ja
Feil,2024-13-01,webinar,,1001,,,ja
Feil,2024-01-01,party,,1001,,,ja
Feil,2024-01-01,webinar,hagearbeid,1001,,,ja
Feil,2024-01-01,webinar,,9999,,,ja
Feil,2024-01-01,webinar,,Ukjent kommune,,,ja
Feil,2024-01-01,webinar,,1001,,,kanskje
Feil,2024-01-01,webinar,,1001,Uten Epost,,ja
Feil,2024-01-01,webinar,,1001
"""
)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_dry_run_lists_new_and_matched_events_and_writes_nothing(dataset):
    before = (count(Event), count(Registration))
    report = import_participation(GOOD, dry_run=True)
    assert report.ok and report.rows == 4 and report.registrations == 4 and report.attended == 3
    assert [(e["title"], e["date"]) for e in report.events_new] == [
        ("Velferdsdag", "2024-03-05"),
        ("Nettverksmøte vår", "2025-02-05"),
    ]
    assert [e["title"] for e in report.events_matched] == ["E1"]  # same title, same Oslo date
    assert report.contacts_new == ["nora.ny@example.no"]
    db.session.rollback()
    assert (count(Event), count(Registration)) == before


def test_bad_rows_have_line_numbers_and_nothing_is_written(dataset):
    before = (count(Event), count(Registration))
    report = import_participation(BAD, dry_run=False)
    lines = [line for line, _ in report.errors]
    assert lines == [6, 7, 8, 9, 10, 11, 12, 13, 14]
    reasons = dict(report.errors)
    assert "ikke passert" in reasons[6] and "ugyldig dato" in reasons[7]
    assert "ukjent type" in reasons[8] and "hagearbeid" in reasons[9]
    assert "9999" in reasons[10] and "Ukjent kommune" in reasons[11]
    assert "kanskje" in reasons[12] and "e-post" in reasons[13] and "felt" in reasons[14]
    db.session.rollback()
    assert (count(Event), count(Registration)) == before


def test_real_import_creates_events_and_participations(dataset):
    report = import_participation(GOOD, dry_run=False)
    assert report.ok
    db.session.commit()
    ev = db.session.scalars(select(Event).where(Event.title == "Velferdsdag")).one()
    assert [t.slug for t in ev.themes] == ["welfare_technology"] and ev.kind == "meeting_place"
    regs = db.session.scalars(
        select(Registration).where(Registration.event_id == ev.id).order_by(Registration.id)
    ).all()
    assert [(r.organization.municipality_number, r.attendance, r.source) for r in regs] == [
        ("1002", "attended", "import"),
        ("1005", "no_show", "import"),
    ]
    assert regs[0].contact.email == "nora.ny@example.no"
    net = db.session.scalars(select(Event).where(Event.title == "Nettverksmøte vår")).one()
    assert net.network_id == dataset.network.id and net.kind == "network_meeting"
    # the matched event got one more participation
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.event_id == dataset.e.e1.id, Registration.source == "import")
        )
        == 1
    )


def test_merged_municipality_number_goes_to_the_active_one(dataset):
    from netmgr.organizations.models import Organization

    # the registry re-imported 1006 as a new active municipality; the merged one stays inactive
    new = Organization(
        kind="municipality",
        name="Nyby",
        municipality_number="1008",
        population=9000,
        county_number="42",
    )
    db.session.add(new)
    db.session.commit()
    text = GOOD.splitlines()[0] + "\nGammelt møte,2022-05-05,other,,Gamleby,,,ja\n"
    report = import_participation(text, dry_run=False)
    assert report.ok
    db.session.commit()
    reg = db.session.scalars(select(Registration).where(Registration.source == "import")).one()
    assert reg.organization_id == dataset.m.gammel.id  # history kept on the merged one


def test_cli_dry_run_and_import(app, dataset, tmp_path):
    path = tmp_path / "hist.csv"
    path.write_text(GOOD, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-participation", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would create 2 event(s)" in result.output and "Dry run" in result.output
    assert count(Event) == 6
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    result = runner.invoke(args=["import-participation", str(bad)])
    assert result.exit_code == 1 and "line 6:" in result.output
    assert count(Event) == 6
    result = runner.invoke(args=["import-participation", str(path)])
    assert result.exit_code == 0 and "Imported." in result.output
    db.session.expire_all()
    assert count(Event) == 8


def test_upload_page(coord_client, dataset):
    url = "/coordinator/participation/import"
    resp = coord_client.post(
        url,
        data={"action": "dry_run", "file": (io.BytesIO(BAD.encode()), "h.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="import-errors"' in html and '<th scope="row">14</th>' in html
    resp = coord_client.post(
        url,
        data={"action": "import", "file": (io.BytesIO(GOOD.encode()), "h.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302
    assert count(Event) == 8


def test_example_file_imports_cleanly(app_ctx):
    from netmgr.organizations.registry import import_municipalities

    import_municipalities()
    db.session.commit()
    path = os.path.join(
        os.path.dirname(__file__), "..", "..", "docs", "participation-import-example.csv"
    )
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    report = import_participation(text, dry_run=False)
    assert report.ok, report.errors
    assert report.rows == 8 and len(report.events_new) == 3
    db.session.commit()
