"""visits from arrivals (data)

Orders recorded before visits were a field of their own: each arrival counted as a visit
(that is what the service report priced), so that is what they record now.

Revision ID: 5c1e0a9d7b21
Revises: 012d63bc11b5
Create Date: 2026-11-27 13:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1e0a9d7b21'
down_revision = '012d63bc11b5'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE work_orders SET visits = ("
        " SELECT COUNT(*) FROM work_order_events"
        " WHERE work_order_events.work_order_id = work_orders.id"
        " AND work_order_events.kind = 'arrived')"
    )


def downgrade():
    pass  # the counts stay: the column is dropped by the revision before this one
