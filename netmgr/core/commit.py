"""Writing and committing without reading back what was just written."""

from __future__ import annotations

from sqlalchemy import insert, inspect
from sqlalchemy.orm import make_transient_to_detached

from ..extensions import db


def commit_keeping_loaded() -> None:
    """Commit without expiring the session's objects, for a handler whose answer shows the
    rows it has just written (the API's 201, the form's redirect to the personal link): the
    values are the committed ones, and reading them back would cost a query per object."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


#: table -> its INSERT … RETURNING every column, built once
_INSERTS: dict = {}


def insert_returning(obj) -> None:
    """Write the new object ``obj`` with one Core ``INSERT … RETURNING`` (column defaults
    included) and add it to the session as if loaded: persistent and clean, without the unit
    of work (whose flush of one row costs more CPU than the statement). For plain rows only:
    no mapper events, no relationship cascades; the caller has set the foreign keys."""
    mapper = inspect(obj).mapper
    table = mapper.local_table
    statement = _INSERTS.get(table)
    if statement is None:
        statement = _INSERTS[table] = insert(table).returning(*table.c)
    loaded = inspect(obj).dict
    values = {
        attr.columns[0].key: loaded[attr.key] for attr in mapper.column_attrs if attr.key in loaded
    }
    row = db.session.connection().execute(statement, values).one()._mapping
    for attr in mapper.column_attrs:
        setattr(obj, attr.key, row[attr.columns[0]])
    make_transient_to_detached(obj)
    db.session.add(obj)
