"""Create and update registry records with the checks the database alone cannot give:
references that exist, unique values, and the per-resource rules."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import func, inspect, select

from server.errors import Conflict, ValidationFailed, field_error
from server.extensions import db
from server.models import ApiToken, Contact, Site, User
from server.models.base import utcnow


@cache
def _model_for_table(table_name: str) -> Any:
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    raise LookupError(table_name)


def check_references(model: Any, data: dict[str, Any]) -> None:
    """Every ``*_id`` value in ``data`` names an existing row of the table it points to."""
    errors: dict[str, list[str]] = {}
    columns = model.__table__.columns
    for key, value in data.items():
        if value is None or key not in columns:
            continue
        for fk in columns[key].foreign_keys:
            target = _model_for_table(fk.column.table.name)
            if db.session.get(target, value) is None:
                errors[key] = [f"No {target.__name__} with this id."]
    if errors:
        raise ValidationFailed(errors)


def check_unique(model: Any, data: dict[str, Any], current: Any = None) -> None:
    """Values of unique columns are not taken by another row (a 422 naming the field)."""
    for column in model.__table__.columns:
        if not column.unique or column.name not in data:
            continue
        query = select(model).where(column == data[column.name])
        if current is not None:
            query = query.where(model.id != current.id)
        if db.session.scalar(query) is not None:
            raise field_error(column.name, "Already in use.", key="errors.alreadyInUse")


def assign(row: Any, data: dict[str, Any]) -> Any:
    mapper = inspect(type(row))
    for key, value in data.items():
        if key in mapper.attrs:
            setattr(row, key, value)
    return row


def _check_engineer(field: str, user_id: Any) -> None:
    if user_id is None:
        return
    user = db.session.get(User, user_id)
    if user is None or user.role != "engineer" or not user.is_active:
        raise field_error(field, "Must be an active engineer.", key="errors.notAnEngineer")


def _check_user(data: dict[str, Any], current: User | None) -> None:
    role = data.get("role", current.role if current else None)
    centre = data.get("centre_id", current.centre_id if current else None)
    if role == "engineer" and centre is None:
        raise field_error("centre_id", "An engineer belongs to a service centre.")
    if current is not None and current.role == "admin" and current.is_active:
        demoted = role != "admin" or data.get("is_active", True) is False
        others = db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "admin", User.is_active.is_(True), User.id != current.id)
        )
        if demoted and not others:
            raise Conflict(
                "This is the last active admin: make another admin first.",
                key="errors.user.lastAdmin",
            )


def _revoke_tokens(user: User) -> None:
    """A changed password or a deactivated account signs every device out, for good."""
    now = utcnow()
    for token in db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now


def _check_contact(data: dict[str, Any], customer_id: Any, current: Contact | None) -> None:
    if not data.get("is_authorised"):
        return
    cap = current_app.config["MAX_AUTHORISED_CONTACTS"]
    query = select(func.count()).where(
        Contact.customer_id == customer_id, Contact.is_authorised.is_(True)
    )
    if current is not None:
        query = query.where(Contact.id != current.id)
    if db.session.scalar(query) >= cap:
        raise field_error(
            "is_authorised",
            f"A customer has at most {cap} authorised requesters.",
            key="errors.contact.tooManyAuthorised",
        )


def save(model: Any, data: dict[str, Any], current: Any = None, **fixed: Any) -> Any:
    """Create (``current`` None) or update a registry row from validated ``data``."""
    data = {**data, **fixed}
    password = data.pop("password", None)
    check_references(model, data)
    check_unique(model, data, current)
    if model is User:
        _check_user(data, current)
    if model is Contact:
        _check_contact(data, data.get("customer_id") or current.customer_id, current)
    if "responsible_engineer_id" in data:
        _check_engineer("responsible_engineer_id", data["responsible_engineer_id"])
    if model is Site and current is not None:
        if data.get("customer_id", current.customer_id) != current.customer_id:
            raise field_error("customer_id", "A site cannot move to another customer.")
    row = current or model()
    deactivated = model is User and current is not None and current.is_active
    assign(row, data)
    if password is not None:
        row.set_password(password)
    if model is User and current is not None:
        if password is not None or (deactivated and not row.is_active):
            _revoke_tokens(row)
    if current is None:
        db.session.add(row)
    db.session.flush()
    return row
