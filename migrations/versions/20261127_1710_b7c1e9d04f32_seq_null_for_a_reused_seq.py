"""a mutation refused for a reused seq is kept without it

A new mutation at a sequence number another mutation of the same client used is refused
(errors.sync.seqReused) and now kept, for the office, with no seq: the seq stays the other
mutation's.

Revision ID: b7c1e9d04f32
Revises: a3f6d2c81b94
Create Date: 2026-11-27 17:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7c1e9d04f32'
down_revision = 'a3f6d2c81b94'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sync_mutations") as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=True)


def downgrade():
    op.execute("DELETE FROM sync_mutations WHERE seq IS NULL")
    with op.batch_alter_table("sync_mutations") as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
