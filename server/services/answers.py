"""What the API answers for a record: the row, with the rules' answers beside it. A work
order gets its warranty decision, its SLA clocks as of now and what the caller may do next;
a device today's warranty decision.

Worked out here, once per page, so that output schemas only dump: a list of 200 orders
gathers the rules' facts in a fixed number of queries (services.rule_facts.RuleFacts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from server.domain import work_order_flow as flow
from server.models import Complaint, Device, ScheduledVisit, User, WorkOrder
from server.models.base import utcnow
from server.services import complaints as complaint_service
from server.services import completion, schedules
from server.services.rule_facts import RuleFacts
from server.services.work_orders import actor_kind


class Answer:
    """A row as the API shows it: every attribute of the row, plus the answers given."""

    def __init__(self, row: Any, **answers: Any) -> None:
        self.row = row
        self.__dict__.update(answers)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def answer_all(orders: list[WorkOrder], user: User, now: datetime | None = None) -> list[Answer]:
    """The answers for a page of work orders, its facts loaded at once."""
    now = now or utcnow()
    facts = RuleFacts()
    facts.prefetch(orders)
    kind = actor_kind(user)
    return [
        Answer(
            wo,
            warranty=facts.work_order_warranty(wo),
            sla=facts.work_order_sla(wo, now),
            allowed_actions=flow.allowed_actions(wo.status, kind),
            completion_missing=None,
        )
        for wo in orders
    ]


def answer(wo: WorkOrder, user: User, now: datetime | None = None) -> Answer:
    """One work order, with what each way of ending it still lacks (the guards)."""
    [one] = answer_all([wo], user, now)
    one.completion_missing = completion.missing_by_mode(wo)
    return one


def answer_page(page: dict[str, Any], user: User) -> dict[str, Any]:
    """A paginated envelope whose items are answered."""
    return {**page, "items": answer_all(list(page["items"]), user)}


def devices(rows: list[Device]) -> list[Answer]:
    """Devices with today's warranty decision for a fault, their facts loaded at once."""
    facts = RuleFacts()
    facts.prefetch_devices(rows)
    answers = []
    for device in rows:
        replaces = facts.replaced_unit(device)
        answers.append(
            Answer(
                device,
                warranty=facts.device_warranty(device),
                replaces={"id": str(replaces.id), "serial": replaces.serial} if replaces else None,
            )
        )
    return answers


def complaints(rows: list[Complaint], now: datetime | None = None) -> list[Answer]:
    """Complaints with the state of their verify and answer deadlines as of ``now``."""
    now = now or utcnow()
    return [
        Answer(
            c,
            verify_state=complaint_service.verify_state(c, now),
            answer_state=complaint_service.answer_state(c, now),
        )
        for c in rows
    ]


def complaint(row: Complaint) -> Answer:
    return complaints([row])[0]


def visits(rows: list[ScheduledVisit], today: date) -> list[Answer]:
    """Planned visits with their state as of ``today`` (overdue, due, upcoming ...)."""
    return [Answer(v, state=schedules.visit_state(v, today)) for v in rows]
