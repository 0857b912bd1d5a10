"""hotline calls and remote sessions

The hotline log (热线/来电记录): every inbound call or message with its caller, customer,
device, what was said, the duty engineer, the outcome, and the work order it created or
was attached to. Remote sessions (远程处理) on a work order: the customer's consent (who,
when), start and end, what was done.

Revision ID: e4b8c3d02a51
Revises: d3a7f2b91c40
Create Date: 2026-11-27 19:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8c3d02a51'
down_revision = 'd3a7f2b91c40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calls',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('caller_name', sa.String(length=100), nullable=False),
    sa.Column('caller_phone', sa.String(length=50), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('device_id', sa.Uuid(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('duty_engineer_id', sa.Uuid(), nullable=False),
    sa.Column('work_order_id', sa.Uuid(), nullable=True),
    sa.Column('order_link', sa.String(length=10), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_calls_customer_id_customers')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_calls_device_id_devices')),
    sa.ForeignKeyConstraint(['duty_engineer_id'], ['users.id'], name=op.f('fk_calls_duty_engineer_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_calls_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_calls_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('number', name=op.f('uq_calls_number'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_duty_engineer_id'), ['duty_engineer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('remote_sessions',
    sa.Column('work_order_id', sa.Uuid(), nullable=False),
    sa.Column('call_id', sa.Uuid(), nullable=True),
    sa.Column('engineer_id', sa.Uuid(), nullable=False),
    sa.Column('consent_by', sa.String(length=100), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('work_done', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_remote_sessions_call_id_calls')),
    sa.ForeignKeyConstraint(['engineer_id'], ['users.id'], name=op.f('fk_remote_sessions_engineer_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_remote_sessions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_remote_sessions_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_sessions'))
    )
    with op.batch_alter_table('remote_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remote_sessions_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remote_sessions_engineer_id'), ['engineer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remote_sessions_work_order_id'), ['work_order_id'], unique=False)


def downgrade():
    with op.batch_alter_table('remote_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remote_sessions_work_order_id'))
        batch_op.drop_index(batch_op.f('ix_remote_sessions_engineer_id'))
        batch_op.drop_index(batch_op.f('ix_remote_sessions_call_id'))

    op.drop_table('remote_sessions')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calls_work_order_id'))
        batch_op.drop_index(batch_op.f('ix_calls_received_at'))
        batch_op.drop_index(batch_op.f('ix_calls_outcome'))
        batch_op.drop_index(batch_op.f('ix_calls_duty_engineer_id'))
        batch_op.drop_index(batch_op.f('ix_calls_device_id'))
        batch_op.drop_index(batch_op.f('ix_calls_customer_id'))

    op.drop_table('calls')
