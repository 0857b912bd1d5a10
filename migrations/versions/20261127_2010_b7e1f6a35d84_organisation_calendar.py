"""organisation calendar: public holidays and make-up working days

The organisation calendar (issue 17): ``organisation_calendar_days`` holds the public
holidays and make-up working days (调休) the admin keeps once a year; every contract
calendar uses them unless its settings say ``use_organisation_calendar: false``. The table
starts empty: a database keeps its SLA deadlines until the admin enters the year's days
(then ``aftercare recompute`` rewrites the stored outcomes).

Revision ID: b7e1f6a35d84
Revises: f5c9d4e13b62
Create Date: 2026-11-27 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1f6a35d84'
down_revision = 'f5c9d4e13b62'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_calendar_days',
    sa.Column('falls_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('row_version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_calendar_days')),
    sa.UniqueConstraint('falls_on', name=op.f('uq_organisation_calendar_days_falls_on'))
    )
    with op.batch_alter_table('organisation_calendar_days', schema=None) as batch_op:
        batch_op.create_index('ix_organisation_calendar_days_row_version_id', ['row_version', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('organisation_calendar_days', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_calendar_days_row_version_id')
    op.drop_table('organisation_calendar_days')
