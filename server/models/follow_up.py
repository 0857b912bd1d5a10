"""Follow-ups (回访) and satisfaction surveys: how the customer was asked, what they said,
and their scores (1-5) on the company's survey questions, which the admin edits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.customer import Customer
    from server.models.schedule import ScheduledVisit
    from server.models.user import User
    from server.models.work_order import WorkOrder

#: visit (走访), meeting (座谈), letter (信访), phone (电访).
FOLLOW_UP_MODES = ("visit", "meeting", "letter", "phone")
#: A follow-up recorded from the scores the customer gave when signing off on the phone.
SIGN_OFF_MODE = "sign_off"
#: A follow-up the customer answered himself on the order's progress page (/t/<token>).
PROGRESS_PAGE_MODE = "progress_page"
#: Scores run from 1 (very dissatisfied) to 5 (very satisfied); 4 and 5 count as satisfied.
SCORE_MIN, SCORE_MAX, SATISFIED_FROM = 1, 5, 4


class SurveyQuestion(IdMixin, TimestampMixin, db.Model):
    """One question of the satisfaction survey (attitude, speed ...), per company."""

    __tablename__ = "survey_questions"

    #: Stable key, used in exports ("overall" is the one the satisfaction rate reads).
    key: Mapped[str] = mapped_column(String(50), unique=True)
    label_zh: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    #: Order on the form.
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Inactive questions are no longer asked; their past answers stay.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class FollowUp(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "follow_ups"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    #: The work order it is about (the repair surveyed, or the follow-up visit's order).
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True
    )
    #: The planned visit or survey it fulfils (marked done by it).
    scheduled_visit_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("scheduled_visits.id"), index=True
    )
    #: The engineer whose service is rated (defaults to the work order's engineer).
    engineer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: One of FOLLOW_UP_MODES, SIGN_OFF_MODE or PROGRESS_PAGE_MODE.
    mode: Mapped[str] = mapped_column(String(20))
    #: When the customer was visited, met, called or wrote (UTC).
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: Who answered for the customer.
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    #: The customer's opinions and requests (客户意见), in their words.
    opinions: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    customer: Mapped[Customer] = relationship()
    work_order: Mapped[WorkOrder | None] = relationship()
    scheduled_visit: Mapped[ScheduledVisit | None] = relationship()
    engineer: Mapped[User | None] = relationship(foreign_keys=[engineer_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="follow_up", cascade="all, delete-orphan"
    )


class SurveyAnswer(IdMixin, db.Model):
    """One score given in a follow-up to one question."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("follow_up_id", "question_id"),)

    follow_up_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    #: SCORE_MIN .. SCORE_MAX.
    score: Mapped[int] = mapped_column(Integer)

    follow_up: Mapped[FollowUp] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()
