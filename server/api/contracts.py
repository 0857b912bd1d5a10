"""Contracts per customer, the sites they cover and their rules settings."""

from __future__ import annotations

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.contract_settings import ContractSettingsSchema
from server.api.schemas.contracts import ContractInSchema, ContractListArgs, ContractSchema
from server.domain.settings import default_contract_settings
from server.models import Contract
from server.services.contracts import save_contract

blp = Blueprint(
    "contracts", __name__, description="Contracts / service agreements. Search q: number, name."
)


@blp.route("/defaults")
class ContractDefaults(MethodView):
    @blp.response(200, ContractSettingsSchema)
    def get(self):
        """The default settings a contract gets for everything it does not set itself
        (docs/rules.md); also what applies where no contract covers a site."""
        return default_contract_settings()


register_crud(
    blp,
    model=Contract,
    schema=ContractSchema,
    in_schema=ContractInSchema,
    list_args=ContractListArgs,
    write_roles=("admin",),
    filters={"customer_id": Contract.customer_id, "kind": Contract.kind},
    clauses={"active_on": lambda d: (Contract.starts_on <= d) & (Contract.ends_on >= d)},
    search=(Contract.number, Contract.name),
    order_by=Contract.number,
    save=save_contract,
)
