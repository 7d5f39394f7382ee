"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import core.models  # noqa: F401
from core.db import get_engine


def test_migrations_create_every_table(db_url: str) -> None:
    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_do_not_drift(db_url: str) -> None:
    with get_engine(db_url).connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models differ from migrations; add a migration: {diff}"


def test_upgrading_a_database_with_segments_keeps_them(db_url: str) -> None:
    """Columns added later get defaults on existing rows (SQLite and PostgreSQL)."""
    from alembic import command
    from sqlalchemy import text

    from core.db import alembic_config

    config = alembic_config(db_url)
    command.downgrade(config, "0002")
    rows = [
        "INSERT INTO article (id, submitted_url, normalized_url, state, timings, created_at, "
        "updated_at, state_changed_at) VALUES (1, 'http://x/', 'http://x/', 'in_review', '{}', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        "INSERT INTO paragraph (id, article_id, \"index\", text) VALUES (1, 1, 0, 'Hi.')",
        'INSERT INTO segment (id, article_id, paragraph_id, "index", source, target, origin, '
        "state, version) VALUES (1, 1, 1, 0, 'Hi.', '', 'none', 'no_mt', 1)",
    ]
    with get_engine(db_url).begin() as connection:
        for row in rows:
            connection.execute(text(row))
    command.upgrade(config, "head")
    with get_engine(db_url).connect() as connection:
        row = connection.execute(text("SELECT glossary, draft FROM segment WHERE id = 1")).one()
    assert row.draft == ""
    assert row.glossary in ([], "[]")
