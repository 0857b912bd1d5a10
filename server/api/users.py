"""User accounts and roles (admin only)."""

from __future__ import annotations

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.auth import UserSchema
from server.api.schemas.registry import UserInSchema, UserListArgs
from server.models import User

blp = Blueprint(
    "users", __name__, description="Accounts with roles admin, dispatcher, supervisor, engineer."
)
register_crud(
    blp,
    model=User,
    schema=UserSchema,
    in_schema=UserInSchema,
    list_args=UserListArgs,
    write_roles=("admin",),
    read_roles=("admin", "dispatcher", "supervisor"),
    filters={"role": User.role, "centre_id": User.centre_id},
    search=(User.username, User.display_name, User.phone),
    order_by=User.username,
)
