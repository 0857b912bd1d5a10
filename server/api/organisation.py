"""The company's own settings, its regions and service centres."""

from __future__ import annotations

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.common import ListArgs, patch_of
from server.api.schemas.registry import (
    CentreInSchema,
    CentreSchema,
    OrganisationSettingsSchema,
    RegionInSchema,
    RegionSchema,
)
from server.auth import roles_required
from server.models import Centre, Region
from server.services.organisation import organisation_settings

blp = Blueprint(
    "organisation", __name__, description="The service company: settings, regions, centres."
)


@blp.route("/settings")
class Settings(MethodView):
    @blp.response(200, OrganisationSettingsSchema)
    def get(self):
        """Company name, hotline, timezone and default language."""
        return organisation_settings()

    @blp.arguments(patch_of(OrganisationSettingsSchema))
    @blp.response(200, OrganisationSettingsSchema)
    @roles_required("admin")
    def patch(self, data):
        """Change the company settings."""
        row = organisation_settings()
        for key, value in data.items():
            setattr(row, key, value)
        return row


regions = Blueprint("regions", __name__, description="Regional centres (大区).")
register_crud(
    regions,
    model=Region,
    schema=RegionSchema,
    in_schema=RegionInSchema,
    list_args=ListArgs,
    write_roles=("admin",),
    search=(Region.name,),
    order_by=Region.name,
)

centres = Blueprint("centres", __name__, description="Service centres; engineers belong to one.")
register_crud(
    centres,
    model=Centre,
    schema=CentreSchema,
    in_schema=CentreInSchema,
    list_args=ListArgs,
    write_roles=("admin",),
    search=(Centre.name, Centre.city),
    order_by=Centre.name,
)
