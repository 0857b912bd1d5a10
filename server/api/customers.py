"""Customers and their contacts (authorised requesters)."""

from __future__ import annotations

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.registry import (
    ContactCreateSchema,
    ContactListArgs,
    ContactSchema,
    CustomerInSchema,
    CustomerListArgs,
    CustomerSchema,
)
from server.models import Contact, Customer

blp = Blueprint("customers", __name__, description="Customers (业主/甲方). Search q: name, code.")
register_crud(
    blp,
    model=Customer,
    schema=CustomerSchema,
    in_schema=CustomerInSchema,
    list_args=CustomerListArgs,
    write_roles=("admin", "dispatcher"),
    filters={"is_important": Customer.is_important},
    search=(Customer.name, Customer.code),
    order_by=Customer.name,
)


contacts = Blueprint("contacts", __name__, description="A customer's contacts.")
register_crud(
    contacts,
    model=Contact,
    schema=ContactSchema,
    in_schema=ContactCreateSchema,
    list_args=ContactListArgs,
    write_roles=("admin", "dispatcher"),
    read_roles=("admin", "dispatcher", "supervisor"),
    filters={"customer_id": Contact.customer_id},
    search=(Contact.name, Contact.phone),
    order_by=Contact.name,
)
