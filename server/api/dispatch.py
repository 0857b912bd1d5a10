"""The dispatch board: engineers with their centre, region and load."""

from __future__ import annotations

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.review import DispatchArgs, EngineerLoadSchema
from server.auth import roles_required
from server.models import OFFICE_ROLES
from server.services.dispatch import engineer_loads

blp = Blueprint("dispatch", __name__, description="Dispatching work orders to engineers.")


@blp.route("/engineers")
class Engineers(MethodView):
    @blp.arguments(DispatchArgs, location="query")
    @blp.response(200, EngineerLoadSchema(many=True))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Active engineers, least loaded first: centre, region, open work orders and
        today's appointments. Filters ``centre_id``, ``region_id``; ``q`` matches the name."""
        return engineer_loads(args.get("centre_id"), args.get("region_id"), args.get("q"))
