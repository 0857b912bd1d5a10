"""row versions from transaction ids on PostgreSQL (data)

On PostgreSQL a row's version is now its transaction's id plus an offset, so pushes no
longer queue on the version counter (server/sync/versioning.py). The offset keeps every new
version above the counter's last value, which is above every version stored so far. SQLite
keeps the counter.

Revision ID: 8e4f1c2b7a55
Revises: 3c2e44e9f604
Create Date: 2026-11-27 16:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8e4f1c2b7a55'
down_revision = '3c2e44e9f604'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "INSERT INTO number_sequences (name, value)"
        " SELECT 'sync_version_offset', greatest(0, coalesce(("
        "   SELECT value FROM number_sequences WHERE name = 'sync_version'), 0)"
        "   + 1 - pg_current_xact_id()::text::bigint)"
        " ON CONFLICT (name) DO NOTHING"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # the counter takes over above every version handed out from transaction ids
    op.execute(
        "INSERT INTO number_sequences (name, value) SELECT 'sync_version',"
        " pg_current_xact_id()::text::bigint + coalesce(("
        "   SELECT value FROM number_sequences WHERE name = 'sync_version_offset'), 0)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value"
    )
    op.execute("DELETE FROM number_sequences WHERE name = 'sync_version_offset'")
