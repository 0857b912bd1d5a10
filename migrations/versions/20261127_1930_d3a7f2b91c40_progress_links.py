"""progress page links of work orders

The customer's progress page /t/<token> (issue 16): ``progress_links`` holds each work
order's links (256 random bits each), revocable by the office; a merge moves the
duplicate's links to the order kept. Orders registered before this revision have no link
until the office makes one (POST /api/v1/work-orders/<id>/progress-link).

Revision ID: d3a7f2b91c40
Revises: c2d8f1a6e390
Create Date: 2026-11-27 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a7f2b91c40'
down_revision = 'c2d8f1a6e390'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('progress_links',
    sa.Column('work_order_id', sa.Uuid(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_progress_links_revoked_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_progress_links_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_links')),
    sa.UniqueConstraint('token', name=op.f('uq_progress_links_token'))
    )
    with op.batch_alter_table('progress_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_links_work_order_id'), ['work_order_id'], unique=False)


def downgrade():
    with op.batch_alter_table('progress_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_links_work_order_id'))
    op.drop_table('progress_links')
