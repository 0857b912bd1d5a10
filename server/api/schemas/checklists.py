"""Wire format of checklist templates (巡检模板) and the rules on their items."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_dump, validate, validates_schema

from server.api.schemas.common import ListArgs
from server.bounds import BoundedSchema
from server.models import ITEM_TYPES, SYSTEM_TYPES


class ChecklistItemSchema(BoundedSchema):
    #: Stable name of the item within its template: answers refer to it.
    key = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=50),
            validate.Regexp(r"^[a-z0-9_]+$", error="Lower-case letters, digits and _ only."),
        ],
    )
    label = fields.String(required=True, validate=validate.Length(min=1, max=200))
    type = fields.String(required=True, validate=validate.OneOf(ITEM_TYPES))
    unit = fields.String(load_default="", validate=validate.Length(max=20))
    #: The accepted range of a number reading (either end may be open).
    min = fields.Float(load_default=None, allow_none=True)
    max = fields.Float(load_default=None, allow_none=True)
    required = fields.Boolean(load_default=False)

    @post_dump
    def _no_null_unit(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # Templates stored before units were always text (the demo's once) read as "".
        if data.get("unit") is None and "unit" in data:
            data["unit"] = ""
        return data

    @validates_schema
    def _range(self, data: dict[str, Any], **kwargs: Any) -> None:
        low, high = data.get("min"), data.get("max")
        if data.get("type") != "number" and (low is not None or high is not None):
            raise ValidationError("Only a number item has a range.", "min")
        if low is not None and high is not None and low > high:
            raise ValidationError("Must not be below min.", "max")


class ChecklistTemplateInSchema(BoundedSchema):
    system_type = fields.String(required=True, validate=validate.OneOf(SYSTEM_TYPES))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    items = fields.List(
        fields.Nested(ChecklistItemSchema), required=True, validate=validate.Length(min=1)
    )
    is_active = fields.Boolean()

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _unique_keys(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        # Read the items as sent: an item with other errors still takes its key, and the
        # error must name the item's index in what the client sent.
        items = original.get("items") if isinstance(original, dict) else None
        seen: set[str] = set()
        errors: dict[int, dict[str, list[str]]] = {}
        for index, item in enumerate(items if isinstance(items, list) else []):
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str):
                continue
            if key in seen:
                errors[index] = {"key": ["Used by another item of this template."]}
            seen.add(key)
        if errors:
            raise ValidationError({"items": errors})


class ChecklistTemplateSchema(ChecklistTemplateInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class ChecklistTemplateListArgs(ListArgs):
    system_type = fields.String(validate=validate.OneOf(SYSTEM_TYPES))
    is_active = fields.Boolean()
