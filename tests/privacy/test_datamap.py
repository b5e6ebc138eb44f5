"""The data map and the model marks agree both ways; personal-looking columns are reviewed."""

from __future__ import annotations

import re

import sqlalchemy as sa

from netmgr.extensions import db
from netmgr.privacy import datamap


def map_problems(metadata) -> list[str]:
    """What is wrong between the models' ``info["personal"]`` marks and the data map."""
    marked = datamap.marked_columns(metadata)
    mapped = {f.target: f.category for f in datamap.FIELDS if not f.is_file}
    problems = [
        f"{c} is marked personal but not in the data map" for c in marked.keys() - mapped.keys()
    ]
    problems += [
        f"{c} is in the data map but not marked personal" for c in mapped.keys() - marked.keys()
    ]
    problems += [
        f"{c}: marked {marked[c]!r}, mapped {mapped[c]!r}"
        for c in marked.keys() & mapped.keys()
        if marked[c] != mapped[c]
    ]
    pattern = re.compile(datamap.PERSONAL_NAME_PATTERN)
    for table in metadata.sorted_tables:
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if (
                pattern.search(column.name)
                and name not in marked
                and name not in datamap.NOT_PERSONAL
            ):
                problems.append(f"{name} looks personal: mark it or list it in NOT_PERSONAL")
    return problems


def test_the_models_and_the_data_map_agree(app):
    assert map_problems(db.metadata) == []


def test_every_field_has_a_known_category_and_rule():
    from netmgr.privacy.retention import RULE_KEYS

    keys = {c.key for c in datamap.CATEGORIES}
    assert {f.category for f in datamap.FIELDS} <= keys
    for cat in datamap.CATEGORIES:
        assert cat.rule in RULE_KEYS or (cat.rule is None and cat.retention)


def _copy_with(extra_column: sa.Column) -> sa.MetaData:
    metadata = sa.MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    sa.Table("newsletter", metadata, sa.Column("id", sa.Integer, primary_key=True), extra_column)
    return metadata


def test_an_unmapped_personal_column_fails(app):
    metadata = _copy_with(sa.Column("mobile", sa.String(20), info={"personal": "contact"}))
    assert map_problems(metadata) == [
        "newsletter.mobile is marked personal but not in the data map"
    ]


def test_an_unmarked_column_named_like_personal_data_fails(app):
    metadata = _copy_with(sa.Column("contact_email", sa.String(254)))
    assert map_problems(metadata) == [
        "newsletter.contact_email looks personal: mark it or list it in NOT_PERSONAL"
    ]


def test_a_mapped_column_that_lost_its_mark_fails(app):
    metadata = sa.MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["contacts"].c.phone.info.pop("personal")
    try:
        assert "contacts.phone is in the data map but not marked personal" in map_problems(metadata)
    finally:
        metadata.tables["contacts"].c.phone.info["personal"] = "contact"
