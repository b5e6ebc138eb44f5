"""Contact import: the file formats coordinators have, all-or-nothing, re-import, CLI lines."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.organizations.contact_import import import_contacts
from netmgr.organizations.models import Contact, Organization
from netmgr.organizations.services import update_contact

HEADER = "organization;name;email;title;phone;language;official_email\n"


@pytest.fixture
def places(municipality, supplier):
    return {
        "utsira": municipality("1151", "Utsira", 200),
        "oslo": municipality("0301", "Oslo", 700000),
        "firma": supplier("974760673", "Bygg og Anlegg AS"),
    }


def _contacts():
    return {c.email: c for c in db.session.scalars(select(Contact))}


def _run(app, tmp_path, content: bytes, *args, name="kontakter.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["import-contacts", str(path), *args])


def test_dry_run_lists_and_writes_nothing(app_ctx, places):
    data = (
        HEADER
        + "1151;Kari Utsira;KARI@utsira.kommune.no;Rådgiver;;nn;postmottak@utsira.kommune.no\n"
        + "974760673;Per Bygg;per@bygg.no;Daglig leder;+47 900 00 000;;\n"
    ).encode()
    report = import_contacts(data, "k.csv", dry_run=True)
    db.session.rollback()
    assert report.errors == []
    assert [a["email"] for a in report.added] == ["kari@utsira.kommune.no", "per@bygg.no"]
    assert report.official == {"Utsira": "postmottak@utsira.kommune.no"}
    assert _contacts() == {}
    assert db.session.get(Organization, places["utsira"].id).official_email is None


def test_import_adds_then_reimport_updates_without_duplicates(app, app_ctx, tmp_path, places):
    first = HEADER + "1151;Kari Utsira;kari@utsira.kommune.no;Rådgiver;;nn;post@utsira.no\n"
    result = _run(app, tmp_path, first.encode())
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged" in result.output
    kari = _contacts()["kari@utsira.kommune.no"]
    assert (kari.name, kari.title, kari.language) == ("Kari Utsira", "Rådgiver", "nn")
    assert db.session.get(Organization, places["utsira"].id).official_email == "post@utsira.no"

    again = (
        HEADER
        + "Utsira;Kari Utsira;kari@utsira.kommune.no;Innkjøpssjef;;;\n"
        + "301;Ola Oslo;ola@oslo.kommune.no;;;;\n"
        + "974 760 673;Per Bygg;per@bygg.no;;;;\n"
    )
    result = _run(app, tmp_path, again.encode())
    assert result.exit_code == 0, result.output
    assert "2 added, 1 updated, 0 unchanged" in result.output
    db.session.expire_all()
    contacts = _contacts()
    assert len(contacts) == 3
    assert contacts["kari@utsira.kommune.no"].title == "Innkjøpssjef"
    # an empty cell keeps what we had
    assert contacts["kari@utsira.kommune.no"].language == "nn"
    assert contacts["ola@oslo.kommune.no"].organization_id == places["oslo"].id

    result = _run(app, tmp_path, again.encode())
    assert "0 added, 0 updated, 3 unchanged" in result.output
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 3
    assert (
        db.session.scalar(select(func.count()).where(AuditEntry.action == "contact.imported")) == 3
    )


def test_opted_out_contact_stays_opted_out(app, app_ctx, tmp_path, places, contact):
    person = contact("kari@utsira.kommune.no", "Kari", places["utsira"])
    update_contact(person, {"opted_out": True})
    db.session.commit()
    data = HEADER + "1151;Kari Nordmann;kari@utsira.kommune.no;Leder;;;\n"
    result = _run(app, tmp_path, data.encode())
    assert "0 added, 1 updated, 0 unchanged" in result.output
    db.session.expire_all()
    kari = _contacts()["kari@utsira.kommune.no"]
    assert kari.opted_out is True and kari.name == "Kari Nordmann"


def test_bad_file_writes_nothing_and_names_every_bad_line(app, app_ctx, tmp_path, places):
    data = (
        HEADER
        + "1151;Kari;kari@utsira.kommune.no;;;;post@utsira.no\n"  # good, but the file is bad
        + "9999;Ukjent;u@x.no;;;;\n"
        + "Utsira;;tom@utsira.no;;;;\n"
        + "Utsira;Feil Epost;ikke-en-adresse;;;;\n"
        + 'Utsira;"To\nlinjer";to@utsira.no;;;;\n'
        + "Utsira;Språk;sprak@utsira.no;;;de;\n"
        + "Utsira;Dobbel;KARI@utsira.kommune.no;;;;\n"
        + "Ingen Slik AS;Navn;n@x.no;;;;\n"
    )
    result = _run(app, tmp_path, data.encode())
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("line ")]
    assert [ln.split(":")[0] for ln in lines] == [
        "line 3",
        "line 4",
        "line 5",
        "line 7",
        "line 8",
        "line 9",
        "line 10",
    ]
    assert "9999" in lines[0] and "står også på linje 2" in lines[5]
    assert "kontrolltegn" in lines[3]
    assert _contacts() == {}
    assert db.session.get(Organization, places["utsira"].id).official_email is None


def test_missing_column_is_line_one(app, app_ctx, tmp_path, places):
    result = _run(app, tmp_path, b"organization;name\n1151;Kari\n")
    assert result.exit_code == 1
    assert "line 1: " in result.output and "email" in result.output


@pytest.mark.parametrize(
    "encoding,separator",
    [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("utf-8-sig", ",")],
)
def test_excel_csv_variants(app, app_ctx, tmp_path, places, encoding, separator):
    rows = [
        ["organization", "name", "email", "title", "phone"],
        ["1151", "Åse Øvrebø", "ase@utsira.kommune.no", "Rådgiver, innkjøp", "52 75 01 00"],
    ]
    text = "\r\n".join(
        separator.join(f'"{c}"' if separator in c else c for c in row) for row in rows
    )
    result = _run(app, tmp_path, (text + "\r\n").encode(encoding))
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged" in result.output
    ase = _contacts()["ase@utsira.kommune.no"]
    assert (ase.name, ase.title) == ("Åse Øvrebø", "Rådgiver, innkjøp")


def test_xlsx(app, app_ctx, tmp_path, places):
    book = Workbook()
    sheet = book.active
    sheet.append(["Organization", "Name", "Email", "Title", "Phone", "Language"])
    sheet.append([1151, "Kari Utsira", "kari@utsira.kommune.no", "Rådgiver", None, "nn"])
    sheet.append([974760673, "Per Bygg", "per@bygg.no", None, 90000000, None])
    sheet.append([None, None, None, None, None, None])
    out = io.BytesIO()
    book.save(out)
    result = _run(app, tmp_path, out.getvalue(), "--dry-run", name="kontakter.xlsx")
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 unchanged" in result.output
    assert _contacts() == {}
    result = _run(app, tmp_path, out.getvalue(), name="kontakter.xlsx")
    db.session.expire_all()
    contacts = _contacts()
    assert contacts["per@bygg.no"].organization_id == places["firma"].id
    assert contacts["per@bygg.no"].phone == "90000000"
    assert contacts["kari@utsira.kommune.no"].language == "nn"


def test_not_a_spreadsheet(app, app_ctx, tmp_path, places):
    result = _run(app, tmp_path, b"PK\x03\x04garbage", name="x.xlsx")
    assert result.exit_code == 1
    assert result.output.startswith("line 1: ")
