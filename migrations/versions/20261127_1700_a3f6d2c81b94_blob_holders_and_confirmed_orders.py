"""blob holders, uploads per uploader, confirmed work orders

Nobody reads a photo by its hash (issue 14): ``blob_holders`` lists who uploaded every
byte of a blob (filled with each stored blob's first uploader); a record shows its blob only
if its author, or someone who may see it, holds it. ``blob_uploads`` is keyed by blob and
uploader, so one phone's partial upload is neither seen nor disturbed by another's; uploads
in flight are dropped (their phones ask where to resume, are told 0 and start again; their
old chunks under uploads/<sha256>/ are left for the clean-up).

An order an engineer registers outside the systems he serves waits for the office to confirm
it (``work_orders.confirmed`` false): existing orders are confirmed.

Revision ID: a3f6d2c81b94
Revises: 8e4f1c2b7a55
Create Date: 2026-11-27 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f6d2c81b94'
down_revision = '8e4f1c2b7a55'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.alter_column('confirmed', server_default=None)

    op.create_table('blob_holders',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_blob_holders_sha256_blobs')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_blob_holders_user_id_users')),
    sa.PrimaryKeyConstraint('sha256', 'user_id', name=op.f('pk_blob_holders'))
    )
    op.execute(
        "INSERT INTO blob_holders (sha256, user_id, created_at)"
        " SELECT sha256, uploaded_by_id, created_at FROM blobs WHERE uploaded_by_id IS NOT NULL"
    )

    op.drop_table('blob_uploads')
    op.create_table('blob_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Uuid(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_blob_uploads_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('sha256', 'uploaded_by_id', name=op.f('pk_blob_uploads'))
    )


def downgrade():
    op.drop_table('blob_uploads')
    op.create_table('blob_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('uploaded_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_blob_uploads_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blob_uploads'))
    )
    op.drop_table('blob_holders')
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.drop_column('confirmed')
