"""Planned visits (计划): inspections, follow-ups, the site check after handover and the
satisfaction survey after a repair; one row per planned date, written by the scheduler
(server.services.schedules) and never twice: (kind, target_id, due_on) is unique.

``target_id`` is what the visit is planned for: the system for an inspection, the contract
for a follow-up or site check, the repaired work order for a survey. It is not a foreign key
because it points at a different table per kind. (contract_id is not part of the unique key:
a survey of a repair done without a contract has none, and NULLs never clash in a unique
constraint on PostgreSQL.)
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.contract import Contract
    from server.models.customer import Customer, Site
    from server.models.device import System
    from server.models.work_order import WorkOrder

#: inspection (巡检), follow_up (回访), site_check (交付后现场检查), survey (满意度调查),
#: observation (观察期回访: the follow-up that ends a level-1 emergency's observation
#: period; an office task like the survey, about the emergency's work order).
VISIT_KINDS = ("inspection", "follow_up", "site_check", "survey", "observation")
VISIT_STATUSES = ("planned", "done", "cancelled")


class ScheduledVisit(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "scheduled_visits"
    __table_args__ = (
        UniqueConstraint("kind", "target_id", "due_on", name="uq_scheduled_visits_kind_target"),
    )

    #: One of VISIT_KINDS.
    kind: Mapped[str] = mapped_column(String(20))
    #: The system (inspection), contract (follow_up, site_check) or work order (survey,
    #: observation).
    target_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    #: The contract whose schedule planned it (null: a survey of a repair without contract).
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"))
    system_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("systems.id"))
    #: The plan date (local date of the organisation).
    due_on: Mapped[date] = mapped_column(Date, index=True)
    #: Surveys: the exact moment it falls due (resolved + survey_delay_hours), UTC.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The work order the visit is done through (inspection, follow-up, site check: the one
    #: the scheduler registered) or is about (survey: the repair).
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True
    )
    #: The checklist template for the system's type when it was planned (inspections).
    template_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("checklist_templates.id"))
    #: planned, done, cancelled (its work order was cancelled).
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    #: When it was done (its work order resolved, or a follow-up record named it), and that
    #: moment's local date (compared with due_on for "on time").
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_on: Mapped[date | None] = mapped_column(Date)

    contract: Mapped[Contract | None] = relationship()
    customer: Mapped[Customer] = relationship()
    site: Mapped[Site] = relationship()
    system: Mapped[System | None] = relationship()
    work_order: Mapped[WorkOrder | None] = relationship()
