"""sign-off scores counted as follow-ups (data)

The scores a customer gave when signing off on the phone were stored on the signature only,
so the satisfaction KPI (which reads survey answers) missed them. Each customer signature
with scores becomes a follow-up of mode sign_off with one answer per scored question, as
new signatures now do (server.services.follow_ups.record_sign_off_scores).

Revision ID: c2d8f1a6e390
Revises: b7c1e9d04f32
Create Date: 2026-11-27 17:25:00

"""
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c2d8f1a6e390'
down_revision = 'b7c1e9d04f32'
branch_labels = None
depends_on = None

_meta = sa.MetaData()
signatures = sa.Table(
    "signatures", _meta,
    sa.Column("id", sa.Uuid), sa.Column("work_order_id", sa.Uuid),
    sa.Column("signer_name", sa.String), sa.Column("signer_role", sa.String),
    sa.Column("signed_at", sa.DateTime), sa.Column("satisfaction", sa.JSON),
    sa.Column("comment", sa.Text), sa.Column("created_by_id", sa.Uuid),
    sa.Column("created_at", sa.DateTime),
)
work_orders = sa.Table(
    "work_orders", _meta,
    sa.Column("id", sa.Uuid), sa.Column("customer_id", sa.Uuid),
    sa.Column("assigned_engineer_id", sa.Uuid),
)
questions = sa.Table(
    "survey_questions", _meta, sa.Column("id", sa.Uuid), sa.Column("key", sa.String)
)
follow_ups = sa.Table(
    "follow_ups", _meta,
    sa.Column("id", sa.Uuid), sa.Column("customer_id", sa.Uuid),
    sa.Column("work_order_id", sa.Uuid), sa.Column("scheduled_visit_id", sa.Uuid),
    sa.Column("engineer_id", sa.Uuid), sa.Column("mode", sa.String),
    sa.Column("occurred_at", sa.DateTime), sa.Column("contact_name", sa.String),
    sa.Column("opinions", sa.Text), sa.Column("recorded_by_id", sa.Uuid),
    sa.Column("created_at", sa.DateTime), sa.Column("updated_at", sa.DateTime),
)
answers = sa.Table(
    "survey_answers", _meta,
    sa.Column("id", sa.Uuid), sa.Column("follow_up_id", sa.Uuid),
    sa.Column("question_id", sa.Uuid), sa.Column("score", sa.Integer),
)


def upgrade():
    bind = op.get_bind()
    by_key = {row.key: row.id for row in bind.execute(sa.select(questions))}
    if not by_key:
        return  # no survey yet: nothing can be counted
    rows = bind.execute(
        sa.select(signatures, work_orders.c.customer_id, work_orders.c.assigned_engineer_id)
        .join(work_orders, work_orders.c.id == signatures.c.work_order_id)
        .where(signatures.c.signer_role == "customer")
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    new_follow_ups, new_answers = [], []
    for row in rows:
        scores = row.satisfaction
        if isinstance(scores, str):
            scores = json.loads(scores)
        scored = {k: v for k, v in (scores or {}).items() if v is not None and k in by_key}
        if not scored:
            continue
        follow_up_id = uuid.uuid4()
        new_follow_ups.append({
            "id": follow_up_id, "customer_id": row.customer_id,
            "work_order_id": row.work_order_id, "scheduled_visit_id": None,
            "engineer_id": row.assigned_engineer_id, "mode": "sign_off",
            "occurred_at": row.signed_at or row.created_at or now,
            "contact_name": row.signer_name or "", "opinions": row.comment or "",
            "recorded_by_id": row.created_by_id, "created_at": now, "updated_at": now,
        })
        new_answers.extend(
            {"id": uuid.uuid4(), "follow_up_id": follow_up_id, "question_id": by_key[k],
             "score": int(v)}
            for k, v in scored.items()
        )
    if new_follow_ups:
        bind.execute(follow_ups.insert(), new_follow_ups)
        bind.execute(answers.insert(), new_answers)


def downgrade():
    bind = op.get_bind()
    sign_offs = sa.select(follow_ups.c.id).where(follow_ups.c.mode == "sign_off")
    bind.execute(answers.delete().where(answers.c.follow_up_id.in_(sign_offs)))
    bind.execute(follow_ups.delete().where(follow_ups.c.mode == "sign_off"))
