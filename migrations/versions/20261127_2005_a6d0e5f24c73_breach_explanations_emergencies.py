"""breach explanations and emergencies

A missed deadline's explanation (超时说明: reason, note, how and when the customer was told),
one per work order and clock; each level-1 emergency milestone's acknowledgement (who,
when, the phone's time); the root-cause report that closes an emergency.

Revision ID: a6d0e5f24c73
Revises: e4b8c3d02a51
Create Date: 2026-11-27 20:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6d0e5f24c73'
down_revision = 'e4b8c3d02a51'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('breach_explanations',
    sa.Column('work_order_id', sa.Uuid(), nullable=False),
    sa.Column('clock', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('customer_told_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('customer_told_how', sa.String(length=20), nullable=False),
    sa.Column('customer_told_by', sa.String(length=100), nullable=False),
    sa.Column('customer_told_whom', sa.String(length=100), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_breach_explanations_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_breach_explanations_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_explanations')),
    sa.UniqueConstraint('work_order_id', 'clock', name='uq_breach_explanations_order_clock')
    )
    with op.batch_alter_table('breach_explanations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breach_explanations_reason'), ['reason'], unique=False)
        batch_op.create_index(batch_op.f('ix_breach_explanations_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('emergency_acks',
    sa.Column('work_order_id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=50), nullable=False),
    sa.Column('acknowledged_by_id', sa.Uuid(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], name=op.f('fk_emergency_acks_acknowledged_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_emergency_acks_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_acks')),
    sa.UniqueConstraint('work_order_id', 'key', name='uq_emergency_acks_order_key')
    )
    with op.batch_alter_table('emergency_acks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emergency_acks_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('emergency_reports',
    sa.Column('work_order_id', sa.Uuid(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('prevention', sa.Text(), nullable=False),
    sa.Column('closed_by_id', sa.Uuid(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_emergency_reports_closed_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_emergency_reports_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_reports')),
    sa.UniqueConstraint('work_order_id', name=op.f('uq_emergency_reports_work_order_id'))
    )


def downgrade():
    op.drop_table('emergency_reports')
    with op.batch_alter_table('emergency_acks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emergency_acks_work_order_id'))

    op.drop_table('emergency_acks')
    with op.batch_alter_table('breach_explanations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breach_explanations_work_order_id'))
        batch_op.drop_index(batch_op.f('ix_breach_explanations_reason'))

    op.drop_table('breach_explanations')
