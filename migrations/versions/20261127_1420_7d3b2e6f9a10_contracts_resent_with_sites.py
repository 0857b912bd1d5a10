"""contracts resent with their sites (data)

Synced contracts now carry the ids of the sites they cover (the phone decides which
contract applies with the same rule as the server). Phones pull only what changed, so
every contract gets a new row version, from a new change sequence number, and is sent
again with its sites.

Revision ID: 7d3b2e6f9a10
Revises: 5c1e0a9d7b21
Create Date: 2026-11-27 14:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7d3b2e6f9a10'
down_revision = '5c1e0a9d7b21'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO number_sequences (name, value) SELECT 'sync_version', 0"
        " WHERE NOT EXISTS (SELECT 1 FROM number_sequences WHERE name = 'sync_version')"
    )
    op.execute("UPDATE number_sequences SET value = value + 1 WHERE name = 'sync_version'")
    op.execute(
        "UPDATE contracts SET row_version ="
        " (SELECT value FROM number_sequences WHERE name = 'sync_version')"
    )


def downgrade():
    pass  # a newer row version does no harm
