import pytest
from sqlalchemy import event as sa_event

from netmgr.extensions import db


@pytest.fixture
def count_queries(app_ctx):
    """Context manager counting the SQL statements run inside it."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        engine = db.engine
        sa_event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa_event.remove(engine, "before_cursor_execute", before)

    return counting
