"""Merging two orders about the same fault: the office keeps one and cancels the other.

The duplicate goes through the life cycle's own ``cancel`` (from any open status, office
only), with the note "merged into <number>" and the kept order named in the event's data,
so its SLA clocks stop like any cancelled order's and the KPIs leave it out. Its history,
notes and photos stay on it (events are append-only); the kept order records a ``merged``
event naming the duplicate, its reporter and symptom, takes the duplicate's devices, and
the customer's progress links of the duplicate now open the kept order.

Both must be open and of the same customer and site (a device belongs to one site).
"""

from __future__ import annotations

from server.domain import work_order_flow as flow
from server.errors import Conflict, field_error
from server.models import User, WorkOrder
from server.services import progress
from server.services import work_orders as work_order_service


def merge_work_orders(duplicate: WorkOrder, kept: WorkOrder, actor: User) -> WorkOrder:
    """Cancel ``duplicate`` as merged into ``kept``; returns ``kept``."""
    if duplicate.id == kept.id:
        raise field_error("into_id", "An order cannot be merged into itself.")
    if (duplicate.customer_id, duplicate.site_id) != (kept.customer_id, kept.site_id):
        raise field_error(
            "into_id",
            "Only an order of the same customer and site.",
            key="errors.workOrder.mergeOtherSite",
        )
    for wo in (duplicate, kept):
        if not flow.is_open(wo.status):
            raise Conflict(
                f"Work order {wo.number} is {wo.status}: only open orders are merged.",
                key="errors.workOrder.mergeNotOpen",
                extra={"conflict": {"work_order_id": str(wo.id), "status": wo.status}},
            )
    added = [device for device in duplicate.devices if device not in kept.devices]
    if added:
        work_order_service.update_work_order(
            kept, {"device_ids": [d.id for d in [*kept.devices, *added]]}, actor
        )
    work_order_service.apply_action(
        duplicate,
        {
            "action": "cancel",
            "note": f"merged into {kept.number}",
            "data": {"merged_into": str(kept.id), "merged_into_number": kept.number},
        },
        actor,
    )
    work_order_service.record_event(
        kept,
        "merged",
        actor,
        note=duplicate.symptom,
        data={
            "work_order_id": str(duplicate.id),
            "number": duplicate.number,
            "reporter_name": duplicate.reporter_name,
            "reporter_phone": duplicate.reporter_phone,
            "device_ids": [str(d.id) for d in added],
        },
    )
    progress.move_links(duplicate, kept)
    return kept
