"""The migration history builds the schema the models describe, on SQLite and PostgreSQL.

Other features add branches (``<feature>_0001`` on ``0001_core``), so everything here works
with ``heads``, never with one fixed head.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from netmgr import create_app
from netmgr.core.scratchdb import create_postgres_database
from netmgr.extensions import db


def _diff(connection) -> list:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": False,
            "render_as_batch": True,
        },
    )
    return compare_metadata(context, db.metadata)


def _script(app) -> ScriptDirectory:
    return ScriptDirectory.from_config(
        app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
    )


@pytest.fixture
def scratch_app(database_url, tmp_path):
    """An app on its own empty database (same kind of server as the test run)."""
    if database_url.startswith("postgresql"):
        url, drop = create_postgres_database(database_url)
    else:
        url, drop = f"sqlite:///{tmp_path}/scratch.db", (lambda: None)
    app = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": "scratch-" * 5,
            "DATABASE_URL": url,
            "SCHEDULER_IN_PROCESS": False,
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop()


def test_upgraded_test_database_matches_the_models(app_ctx):
    with db.engine.connect() as connection:
        assert _diff(connection) == []


def test_test_database_is_at_every_head(app_ctx):
    script = _script(app_ctx)
    heads = set(script.get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    # A branch with down_revision=None and depends_on a core revision records only itself.
    covered = {
        r.revision
        for r in script.revision_map._get_ancestor_nodes(script.revision_map.get_revisions(current))
    }
    assert current <= heads and heads <= covered


def test_every_branch_starts_from_the_core_revision(app_ctx):
    script = _script(app_ctx)
    bases = script.get_bases()
    assert "0001_core" in bases
    for base in set(bases) - {"0001_core"}:  # a feature branch standing on a core revision
        assert script.get_revision(base).dependencies, base
    revisions = list(script.walk_revisions())
    assert len({r.revision for r in revisions}) == len(revisions)


def test_downgrade_to_base_then_upgrade_again(scratch_app):
    with scratch_app.app_context():
        upgrade(revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "organizations",
            "contacts",
            "networks",
            "network_memberships",
            "events",
            "registrations",
            "users",
            "api_tokens",
        } <= tables
        with db.engine.connect() as connection:
            themes = connection.execute(text("SELECT slug FROM themes")).scalars().all()
        assert {"buildings", "welfare_technology", "digital_solutions"} <= set(themes)

        downgrade(revision="base")
        db.engine.dispose()
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        upgrade(revision="heads")
        with db.engine.connect() as connection:
            assert _diff(connection) == []
            count = connection.execute(text("SELECT count(*) FROM themes")).scalar()
        assert count == len(themes)


def test_sql_for_postgresql_renders_offline(app, capsys):
    """`netmgr db upgrade heads --sql` (what a DBA reviews) renders the history for PostgreSQL.

    No connection is made (the server named here does not exist). SQLite cannot do this:
    its batch ALTERs need a live database to reflect.
    """
    offline = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": "offline-" * 5,
            "DATABASE_URL": "postgresql://nobody@offline.invalid/netmgr",
        }
    )
    with offline.app_context():
        upgrade(revision="heads", sql=True)
    out = capsys.readouterr().out
    assert "CREATE TABLE organizations" in out
    assert "CREATE TABLE registrations" in out
