"""Follow-ups (回访) and satisfaction surveys, and the survey's questions."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import or_, select

from server.api.blueprint import Blueprint
from server.api.pagination import paginate
from server.api.schemas.common import page_of, patch_of
from server.api.schemas.quality import (
    FollowUpListArgs,
    FollowUpRecordInSchema,
    FollowUpRecordSchema,
    SurveyQuestionInSchema,
    SurveyQuestionListArgs,
    SurveyQuestionSchema,
)
from server.auth import current_user, roles_required
from server.models import OFFICE_ROLES, FollowUp, SurveyQuestion
from server.services import access, follow_ups

blp = Blueprint(
    "follow_ups",
    __name__,
    description="Follow-ups and satisfaction surveys: mode, opinions, scores 1-5. "
    "Search q: opinions, contact.",
)
questions = Blueprint(
    "survey_questions",
    __name__,
    description="The satisfaction survey's questions (the defaults are created on first use).",
)


@blp.route("/")
class FollowUps(MethodView):
    @blp.arguments(FollowUpListArgs, location="query")
    @blp.response(200, page_of(FollowUpRecordSchema))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Follow-ups, the latest first."""
        query = select(FollowUp)
        for key in ("customer_id", "engineer_id", "work_order_id", "mode"):
            if args.get(key) is not None:
                query = query.where(getattr(FollowUp, key) == args[key])
        if args.get("q"):
            like = f"%{args['q']}%"
            query = query.where(
                or_(FollowUp.opinions.ilike(like), FollowUp.contact_name.ilike(like))
            )
        return paginate(query.order_by(FollowUp.occurred_at.desc(), FollowUp.id), args)

    @blp.arguments(FollowUpRecordInSchema)
    @blp.response(201, FollowUpRecordSchema)
    @roles_required(*OFFICE_ROLES)
    def post(self, data):
        """Record a follow-up or survey; a planned visit it names is done."""
        return follow_ups.record_follow_up(data, current_user())


@blp.route("/<uuid:follow_up_id>")
class FollowUpById(MethodView):
    @blp.response(200, FollowUpRecordSchema)
    @roles_required(*OFFICE_ROLES)
    def get(self, follow_up_id: uuid.UUID):
        """One follow-up with its scores."""
        return access.get_or_404(FollowUp, follow_up_id)


@questions.route("/")
class SurveyQuestions(MethodView):
    @questions.arguments(SurveyQuestionListArgs, location="query")
    @questions.response(200, SurveyQuestionSchema(many=True))
    def get(self, args):
        """The questions in form order (``active=true``: only those asked now)."""
        return follow_ups.questions(active_only=args["active"])

    @questions.arguments(SurveyQuestionInSchema)
    @questions.response(201, SurveyQuestionSchema)
    @roles_required("admin")
    def post(self, data):
        """Add a question."""
        return follow_ups.save_question(data)


@questions.route("/<uuid:question_id>")
class SurveyQuestionById(MethodView):
    @questions.arguments(patch_of(SurveyQuestionInSchema))
    @questions.response(200, SurveyQuestionSchema)
    @roles_required("admin")
    def patch(self, data, question_id: uuid.UUID):
        """Relabel, reorder or (de)activate a question."""
        return follow_ups.save_question(data, access.get_or_404(SurveyQuestion, question_id))
