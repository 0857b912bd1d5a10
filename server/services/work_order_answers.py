"""What the API answers for a work order: the row, with the rules' answers beside it (its
warranty decision, its SLA clocks as of now) and what the caller may do next.

Worked out here, once per page, so that output schemas only dump: a list of 200 orders
gathers the rules' facts in a fixed number of queries (services.rule_facts.RuleFacts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.domain import work_order_flow as flow
from server.models import User, WorkOrder
from server.models.base import utcnow
from server.services.rule_facts import RuleFacts
from server.services.work_orders import actor_kind


class WorkOrderAnswer:
    """A work order as the API shows it: every attribute of the row, plus ``warranty``,
    ``sla`` and ``allowed_actions``."""

    def __init__(
        self,
        work_order: WorkOrder,
        warranty: dict[str, Any],
        sla: dict[str, Any],
        allowed_actions: list[str],
    ) -> None:
        self.work_order = work_order
        self.warranty = warranty
        self.sla = sla
        self.allowed_actions = allowed_actions

    def __getattr__(self, name: str) -> Any:
        return getattr(self.work_order, name)


def answer_all(
    orders: list[WorkOrder], user: User, now: datetime | None = None
) -> list[WorkOrderAnswer]:
    """The answers for a page of work orders, its facts loaded at once."""
    now = now or utcnow()
    facts = RuleFacts()
    facts.prefetch(orders)
    kind = actor_kind(user)
    return [
        WorkOrderAnswer(
            wo,
            facts.work_order_warranty(wo),
            facts.work_order_sla(wo, now),
            flow.allowed_actions(wo.status, kind),
        )
        for wo in orders
    ]


def answer(wo: WorkOrder, user: User, now: datetime | None = None) -> WorkOrderAnswer:
    return answer_all([wo], user, now)[0]


def answer_page(page: dict[str, Any], user: User) -> dict[str, Any]:
    """A paginated envelope whose items are answered."""
    return {**page, "items": answer_all(list(page["items"]), user)}
