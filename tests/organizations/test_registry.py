"""The municipality registry import (netmgr seed-municipalities)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from netmgr.extensions import db
from netmgr.organizations.models import Organization
from netmgr.organizations.registry import RegistryError, default_csv_path, import_municipalities

HEADER = (
    "number,name,sami_name,county_number,county_name,population,area_km2,admin_centre,"
    "written_form,website\n"
)


def packaged_lines() -> list[str]:
    return default_csv_path().read_text(encoding="utf-8").splitlines(keepends=True)


def municipalities():
    return db.session.scalars(select(Organization).where(Organization.kind == "municipality"))


def count(kind="municipality", **filters) -> int:
    query = select(func.count()).select_from(Organization).where(Organization.kind == kind)
    for name, value in filters.items():
        query = query.where(getattr(Organization, name) == value)
    return db.session.scalar(query)


def test_packaged_registry_loads_357_municipalities_and_15_counties(app_ctx):
    result = import_municipalities()
    db.session.commit()
    assert (result.added, result.changed, result.unchanged) == (357, 0, 0)
    assert result.counties_added == 15
    assert count() == 357
    assert count("county") == 15
    utsira = db.session.scalar(select(Organization).where(Organization.name == "Utsira"))
    assert utsira.population == 215
    assert utsira.municipality_number == "1151"
    assert utsira.county.name == "Rogaland" and utsira.county.kind == "county"
    assert utsira.county_number == "11" and utsira.county.county_number == "11"
    oslo = db.session.scalar(select(Organization).where(Organization.municipality_number == "0301"))
    assert oslo.population == 717710 and oslo.written_standard == "neutral"
    limit = app_ctx.config["SMALL_MUNICIPALITY_LIMIT"]
    small = db.session.scalar(
        select(func.count())
        .select_from(Organization)
        .where(Organization.kind == "municipality", Organization.population < limit)
    )
    assert small == 174
    total = db.session.scalar(
        select(func.sum(Organization.population)).where(Organization.kind == "municipality")
    )
    assert total == 5_550_203
    # every municipality is linked to the county its number starts with
    assert all(m.county.county_number == m.municipality_number[:2] for m in municipalities())
    # Sámi names and nynorsk are carried over
    kautokeino = db.session.scalar(
        select(Organization).where(Organization.municipality_number == "5612")
    )
    assert kautokeino.sami_name == "Guovdageaidnu"


def test_reimport_changes_nothing(app_ctx):
    import_municipalities()
    db.session.commit()
    before = {m.id: m.updated_at for m in municipalities()}
    result = import_municipalities()
    db.session.commit()
    assert "0 added, 0 changed, 357 unchanged, 0 deactivated" in result.summary()
    assert (result.counties_added, result.counties_changed, result.counties_unchanged) == (0, 0, 15)
    assert {m.id: m.updated_at for m in municipalities()} == before


def test_import_uses_a_fixed_number_of_queries(app_ctx):
    statements = []

    def record(*args):
        statements.append(args[2])

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        import_municipalities()
        db.session.flush()
        first = len(statements)
        statements.clear()
        lines = packaged_lines()
        # change every population: 357 updates must still be one UPDATE batch
        changed = [lines[0]] + [
            ",".join(p if i != 5 else str(int(p) + 1) for i, p in enumerate(line.split(",")))
            for line in lines[1:]
        ]
        result = import_municipalities(text="".join(changed))
        db.session.flush()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert result.changed == 357
    # load + one county insert + one bulk insert; then load + one bulk update (executemany)
    assert first <= 3, [s[:60] for s in statements]
    assert len(statements) <= 3, statements


def test_changed_row_is_counted_and_updated(app_ctx):
    import_municipalities()
    db.session.commit()
    lines = packaged_lines()
    utsira = next(i for i, line in enumerate(lines) if line.startswith("1151,"))
    lines[utsira] = lines[utsira].replace(",215,", ",220,")
    result = import_municipalities(text="".join(lines))
    db.session.commit()
    assert (result.added, result.changed, result.unchanged) == (0, 1, 356)
    assert result.changed_numbers == ["1151"]
    assert (
        db.session.scalar(
            select(Organization.population).where(Organization.municipality_number == "1151")
        )
        == 220
    )


@pytest.mark.parametrize(
    "bad_line, reason",
    [
        ("9901,Nowhere,,99,Atlantis,100,1.0,Nowhere,nb,\n", "unknown county '99'"),
        ("1199,Øy,,11,Rogaland,many,1.0,Øy,nb,\n", "population 'many' is not a whole number"),
        (
            "1151,Utsira again,,11,Rogaland,10,1.0,Utsira,nb,\n",
            "duplicate municipality number 1151",
        ),
        ("115,Short,,11,Rogaland,10,1.0,Short,nb,\n", "'115' is not 4 digits"),
        ("1199,Øy,,11,Rogaland,100,1.0,Øy,nynorsk,\n", "written standard 'nynorsk'"),
        ("1199,Øy,,11,Rogaland,-5,1.0,Øy,nb,\n", "population '-5'"),
        ("3199,Øy,,11,Rogaland,100,1.0,Øy,nb,\n", "does not belong to county 11"),
    ],
)
def test_a_bad_row_writes_nothing_and_names_the_line(app_ctx, bad_line, reason):
    lines = packaged_lines()
    lines.insert(100, bad_line)  # becomes line 101 of the file
    with pytest.raises(RegistryError) as info:
        import_municipalities(text="".join(lines))
    db.session.rollback()
    assert info.value.line == 101
    assert reason in str(info.value)
    assert count() == 0 and count("county") == 0


def test_a_bad_row_leaves_an_existing_registry_alone(app_ctx):
    import_municipalities()
    db.session.commit()
    lines = packaged_lines()
    lines[2] = lines[2].replace(",15221,", ",15300,")  # a valid change before the bad row
    lines.append("1199,Øy,,11,Rogaland,,1.0,Øy,nb,\n")
    with pytest.raises(RegistryError, match="line 359"):
        import_municipalities(text="".join(lines))
    db.session.rollback()
    assert (
        db.session.scalar(
            select(Organization.population).where(Organization.municipality_number == "1101")
        )
        == 15221
    )


def test_missing_column_is_refused():
    with pytest.raises(RegistryError, match="missing column"):
        import_municipalities(text="number,name\n0301,Oslo\n")


def test_merger_file_deactivates_missing_and_adds_new(app_ctx):
    import_municipalities()
    db.session.commit()
    haugesund_id = db.session.scalar(
        select(Organization.id).where(Organization.municipality_number == "1106")
    )
    # Utsira (1151) and Haugesund (1106) merge into a new "Haugesund" 1199
    lines = [line for line in packaged_lines() if not line.startswith(("1151,", "1106,"))]
    lines.append("1199,Haugesund,,11,Rogaland,38507,78.97,Haugesund,nb,www.haugesund.kommune.no\n")
    result = import_municipalities(text="".join(lines))
    db.session.commit()
    assert (result.added, result.changed, result.unchanged, result.deactivated) == (1, 0, 355, 2)
    assert result.deactivated_numbers == ["1106", "1151"]
    assert count() == 358  # history stays
    assert count(active=True) == 356
    old = db.session.get(Organization, haugesund_id)
    assert old.active is False and old.population == 38292
    # loading the old file again brings them back
    again = import_municipalities()
    db.session.commit()
    assert (again.changed, again.deactivated) == (2, 1)
    assert db.session.get(Organization, haugesund_id).active is True


def test_cli_prints_counts_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-municipalities"])
    assert first.exit_code == 0, first.output
    assert "357 municipalities: 357 added, 0 changed, 0 unchanged, 0 deactivated" in first.output
    assert "counties: 15 added" in first.output
    second = runner.invoke(args=["seed-municipalities"])
    assert second.exit_code == 0
    assert "0 added, 0 changed, 357 unchanged" in second.output


def test_cli_with_a_broken_file_names_the_line_and_writes_nothing(app, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(
        HEADER + "0301,Oslo,,03,Oslo,717710,454.12,Oslo,neutral,\n"
        "1101,Eigersund,,11,Rogaland,lots,432.49,Egersund,nb,\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["seed-municipalities", str(broken)])
    assert result.exit_code == 1
    assert "line 3: population 'lots' is not a whole number" in result.output
    assert "Nothing was imported" in result.output
    with app.app_context():
        assert count() == 0 and count("county") == 0


def test_cli_with_a_newer_file_lists_deactivated(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-municipalities"])
    newer = tmp_path / "newer.csv"
    newer.write_text(
        "".join(line for line in packaged_lines() if not line.startswith("1151,")), encoding="utf-8"
    )
    result = runner.invoke(args=["seed-municipalities", str(newer)])
    assert result.exit_code == 0, result.output
    assert "356 municipalities: 0 added, 0 changed, 356 unchanged, 1 deactivated" in result.output
    assert "Deactivated (not in the file): 1151" in result.output
