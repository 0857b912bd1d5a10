"""The hotline log (热线/来电记录), declared once: the channels a call comes in by, the
outcomes a duty engineer records, and which outcomes need a work order.

The ladder in the source documents: the duty engineer tries to solve it on the phone,
then in a remote session (with the customer's consent), then a visit. A remote session
and a visit are work on a work order (its SLA clocks, its fees), so a call with either
outcome creates one or is attached to an open one of the customer; a call solved on the
phone may be attached to one (the customer called about it); a call that is not ours
(another supplier's equipment, a wrong number) never is.
"""

from __future__ import annotations

#: How a call or message came in (the work order channels of the same name).
CALL_CHANNELS = ("phone", "email", "wechat", "qr", "walk_in")
OUTCOMES = (
    "solved_by_phone",  # 电话解决
    "remote_session",  # 远程处理: phone support failed, a remote session follows
    "visit_needed",  # 需上门
    "not_ours",  # 非我方: not our equipment or not a service request
)
#: Outcomes that are work on a work order: the call creates one or attaches to one.
NEEDS_WORK_ORDER = ("remote_session", "visit_needed")
#: How a call is linked to its work order.
ORDER_LINKS = ("created", "attached")


def needs_work_order(outcome: str) -> bool:
    return outcome in NEEDS_WORK_ORDER


def may_attach(outcome: str) -> bool:
    """Whether a call with ``outcome`` may be attached to an open work order."""
    return outcome != "not_ours"


def is_first_call(outcome: str, order_link: str | None) -> bool:
    """A call that counts for first-call resolution: a request of ours that was not about
    an order already open (a call attached to one is a follow-up call)."""
    return outcome != "not_ours" and order_link != "attached"


def is_solved_on_first_call(outcome: str, order_link: str | None) -> bool:
    return is_first_call(outcome, order_link) and outcome == "solved_by_phone"


def hotline_spec() -> dict:
    """The declaration as JSON (tests/vectors/hotline.json, read by the office screen)."""
    return {
        "channels": list(CALL_CHANNELS),
        "outcomes": list(OUTCOMES),
        "needs_work_order": list(NEEDS_WORK_ORDER),
        "may_attach": [outcome for outcome in OUTCOMES if may_attach(outcome)],
    }
