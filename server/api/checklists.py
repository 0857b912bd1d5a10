"""Checklist templates per system type; everyone reads them, the admin keeps them."""

from __future__ import annotations

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.checklists import (
    ChecklistTemplateInSchema,
    ChecklistTemplateListArgs,
    ChecklistTemplateSchema,
)
from server.models import ChecklistTemplate

blp = Blueprint(
    "checklist_templates",
    __name__,
    description="Inspection checklist templates (巡检模板). Search q: name.",
)
register_crud(
    blp,
    model=ChecklistTemplate,
    schema=ChecklistTemplateSchema,
    in_schema=ChecklistTemplateInSchema,
    list_args=ChecklistTemplateListArgs,
    write_roles=("admin",),
    filters={
        "system_type": ChecklistTemplate.system_type,
        "is_active": ChecklistTemplate.is_active,
    },
    search=(ChecklistTemplate.name,),
    order_by=ChecklistTemplate.name,
)
