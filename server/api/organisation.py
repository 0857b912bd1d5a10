"""The company's own settings, its regions and service centres."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.common import ListArgs, patch_of
from server.api.schemas.organisation_calendar import (
    CalendarArgs,
    CalendarDayInSchema,
    CalendarDaySchema,
)
from server.api.schemas.registry import (
    CentreInSchema,
    CentreSchema,
    OrganisationSettingsSchema,
    RegionInSchema,
    RegionSchema,
)
from server.auth import roles_required
from server.models import Centre, OrganisationCalendarDay, Region
from server.services.access import get_or_404
from server.services.organisation import (
    calendar_days,
    organisation_settings,
    remove_calendar_day,
    save_calendar_day,
)

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


@blp.route("/settings/calendar")
class Calendar(MethodView):
    @blp.arguments(CalendarArgs, location="query")
    @blp.response(200, CalendarDaySchema(many=True))
    def get(self, args):
        """The organisation calendar: public holidays and make-up working days (调休), in
        date order, of one ``year`` or all. Every contract calendar uses them unless its
        settings say ``use_organisation_calendar: false`` (docs/rules.md)."""
        return calendar_days(args.get("year"))

    @blp.arguments(CalendarDayInSchema)
    @blp.response(201, CalendarDaySchema)
    @roles_required("admin")
    def post(self, data):
        """Add a day (a date is in the calendar once: 422 on falls_on)."""
        return save_calendar_day(data)


@blp.route("/settings/calendar/<uuid:day_id>")
class CalendarDay(MethodView):
    @blp.arguments(patch_of(CalendarDayInSchema))
    @blp.response(200, CalendarDaySchema)
    @roles_required("admin")
    def patch(self, data, day_id: uuid.UUID):
        """Change a day's date, kind or name."""
        return save_calendar_day(data, get_or_404(OrganisationCalendarDay, day_id))

    @blp.response(204)
    @roles_required("admin")
    def delete(self, day_id: uuid.UUID):
        """Remove a day."""
        remove_calendar_day(get_or_404(OrganisationCalendarDay, day_id))


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
