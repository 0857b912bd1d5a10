"""indexes for the storage clean-up scan

``aftercare cleanup`` (and the scheduler) looks for abandoned partial uploads by
``blob_uploads.updated_at`` and for old unreferenced blobs by ``blobs.created_at``,
oldest first (server/services/cleanup.py): both are indexed, so each run is a range scan
of the old rows instead of a scan of the whole table.

Revision ID: d8f2a7c41e95
Revises: c9a3b8e57f16
Create Date: 2026-11-27 23:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd8f2a7c41e95'
down_revision = 'c9a3b8e57f16'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('blobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blobs_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('blob_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blob_uploads_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('blob_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blob_uploads_updated_at'))

    with op.batch_alter_table('blobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blobs_created_at'))
