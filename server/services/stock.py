"""Parts stock kept by the office: locations (a centre's warehouse, an engineer's van),
goods received or counted, transfers between locations, and levels.

A level is never stored: it is the sum of a location's movements per part. A transfer is
two movements written in one transaction, out of one location and into the other, with
the same kind: ``issued`` (warehouse to a van, or between warehouses) or ``returned``
(a van back to a warehouse), the same note and the same time.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from server.errors import field_error
from server.extensions import db
from server.models import Part, StockLocation, StockMovement, User
from server.models.base import utcnow
from server.services import registry


def save_location(data: dict[str, Any], current: StockLocation | None = None) -> StockLocation:
    """A van belongs to one engineer; a warehouse to nobody."""
    kind = data.get("kind", current.kind if current else None)
    engineer_id = data.get("engineer_id", current.engineer_id if current else None)
    if kind == "van":
        if engineer_id is None:
            raise field_error("engineer_id", "A van belongs to an engineer.")
        engineer = db.session.get(User, engineer_id)
        if engineer is None or engineer.role != "engineer":
            raise field_error("engineer_id", "Must be an engineer.", key="errors.notAnEngineer")
    elif engineer_id is not None:
        raise field_error("engineer_id", "Only a van belongs to an engineer.")
    return registry.save(StockLocation, data, current)


def _location(field: str, location_id: uuid.UUID) -> StockLocation:
    location = db.session.get(StockLocation, location_id)
    if location is None:
        raise field_error(field, "No such stock location.")
    return location


def _part(part_id: uuid.UUID) -> Part:
    part = db.session.get(Part, part_id)
    if part is None:
        raise field_error("part_id", "No such part.")
    return part


def book(data: dict[str, Any], actor: User) -> StockMovement:
    """Goods received at a location (positive) or a count correction (either sign)."""
    location = _location("location_id", data["location_id"])
    part = _part(data["part_id"])
    if data["quantity"] == 0:
        raise field_error("quantity", "Must not be zero.")
    if data["kind"] == "received" and data["quantity"] < 0:
        raise field_error("quantity", "Goods received are a positive quantity.")
    movement = StockMovement(
        location_id=location.id,
        part_id=part.id,
        quantity=data["quantity"],
        kind=data["kind"],
        actor_id=actor.id,
        note=data.get("note", ""),
    )
    db.session.add(movement)
    db.session.flush()
    return movement


def transfer(data: dict[str, Any], actor: User) -> list[StockMovement]:
    """Move parts from one location to another: the pair of movements, out then in."""
    source = _location("from_location_id", data["from_location_id"])
    target = _location("to_location_id", data["to_location_id"])
    if source.id == target.id:
        raise field_error("to_location_id", "Must differ from the source.")
    part = _part(data["part_id"])
    kind = "returned" if source.kind == "van" and target.kind == "warehouse" else "issued"
    now = utcnow()  # one instant for both halves of the transfer
    pair = [
        StockMovement(
            location_id=location.id,
            part_id=part.id,
            quantity=sign * data["quantity"],
            kind=kind,
            actor_id=actor.id,
            note=data.get("note", ""),
            server_at=now,
        )
        for location, sign in ((source, -1), (target, 1))
    ]
    db.session.add_all(pair)
    db.session.flush()
    return pair


def levels(
    location_id: uuid.UUID | None = None,
    part_id: uuid.UUID | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Quantity per location and part: the sum of the movements (zero totals left out,
    negative ones kept: a van that used more than the books said)."""
    total = func.sum(StockMovement.quantity)
    query = (
        select(StockLocation, Part, total)
        .join(StockMovement, StockMovement.location_id == StockLocation.id)
        .join(Part, Part.id == StockMovement.part_id)
        .group_by(StockLocation.id, Part.id)
        .order_by(StockLocation.name, Part.part_number)
    )
    if location_id is not None:
        query = query.where(StockLocation.id == location_id)
    if part_id is not None:
        query = query.where(Part.id == part_id)
    if kind is not None:
        query = query.where(StockLocation.kind == kind)
    return [
        {"location": location, "part": part, "quantity": quantity}
        for location, part, quantity in db.session.execute(query)
        if quantity != 0
    ]
