"""``netmgr import-groups FILE [--dry-run]``: all-or-nothing, line-numbered errors."""

from __future__ import annotations

from sqlalchemy import select

from netmgr.extensions import db
from netmgr.groups.models import Group, GroupMembership
from tests.factories import count


def invoke(app, *args):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        db.session.remove()
    return result


def _orgs(make_org):
    orgs = {name: make_org(name) for name in ("Levanger", "Verdal", "Inderøy")}
    db.session.commit()
    return orgs


def test_dry_run_then_import_then_reimport(app, app_ctx, make_org, tmp_path):
    orgs = _orgs(make_org)
    path = tmp_path / "grupper.csv"
    path.write_bytes(
        (
            "\ufeffgroup;kind;organization;joined_on\n"
            "Innherred innkjøp;procurement_cooperation;Levanger;2019-01-01\n"
            f"Innherred innkjøp;procurement_cooperation;{orgs['Verdal'].municipality_number};"
            "2019-01-01\n"
            "Innherred innkjøp;procurement_cooperation;inderøy;\n"
        ).encode()
    )
    dry = invoke(app, "import-groups", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 groups added, 3 memberships added, 0 unchanged" in dry.output
    assert count(Group) == 0 and count(GroupMembership) == 0
    result = invoke(app, "import-groups", str(path))
    assert result.exit_code == 0, result.output
    assert count(Group) == 1 and count(GroupMembership) == 3
    group = db.session.scalar(select(Group))
    assert (group.slug, group.kind) == ("innherred-innkjop", "procurement_cooperation")
    again = invoke(app, "import-groups", str(path))
    assert "0 groups added, 0 memberships added, 3 unchanged" in again.output
    assert count(GroupMembership) == 3


def test_bad_file_writes_nothing_and_names_lines(app, app_ctx, make_org, tmp_path):
    _orgs(make_org)
    path = tmp_path / "grupper.csv"
    path.write_bytes(
        (
            "group,kind,organization,joined_on\n"
            "Innherred innkjøp,procurement_cooperation,Levanger,2019-01-01\n"
            "Innherred innkjøp,procurement_cooperation,Atlantis,2019-01-01\n"
            "Namdal,club,Verdal,2019-01-01\n"
            "Namdal,regional_council,Verdal,1.1.2019\n"
        ).encode("cp1252")
    )
    result = invoke(app, "import-groups", str(path))
    assert result.exit_code == 1
    assert "line 3: unknown organization 'Atlantis'" in result.output
    assert "line 4: kind must be one of" in result.output
    assert "line 5: joined_on '1.1.2019' is not a date" in result.output
    assert count(Group) == 0 and count(GroupMembership) == 0


def test_missing_column(app, app_ctx, tmp_path):
    path = tmp_path / "grupper.csv"
    path.write_text("group;organization\nX;Y\n")
    result = invoke(app, "import-groups", str(path))
    assert result.exit_code == 1 and "line 1: missing column(s): kind, joined_on" in result.output
