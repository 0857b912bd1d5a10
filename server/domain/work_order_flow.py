"""The work order's life cycle: statuses, the actions that move it, and who may take them.

Pure data and functions: the REST API and the sync engine both ask here whether a
status change is valid, so a phone and the office can never disagree about the flow.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = (
    "new",  # registered, nobody assigned
    "assigned",  # an engineer is assigned, has not accepted yet
    "accepted",  # the engineer accepted (counts as first contact)
    "en_route",  # set off to the site
    "on_site",  # arrived
    "on_hold",  # waiting for parts, the customer or a mail-in repair
    "completed",  # fixed and signed off by the customer; awaits office review
    "closed",  # reviewed and closed by the office
    "cancelled",
)
OPEN_STATUSES = ("new", "assigned", "accepted", "en_route", "on_site", "on_hold")
FINAL_STATUSES = ("closed", "cancelled")


@dataclass(frozen=True)
class Action:
    """A named step: from which statuses, to which status, the event it records."""

    name: str
    sources: tuple[str, ...]
    target: str
    event: str
    #: "engineer" actions are taken on the phone by the assigned engineer; "office" by staff.
    by: tuple[str, ...]


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "assign",
            ("new", "assigned", "accepted", "on_hold"),
            "assigned",
            "assigned",
            ("office",),
        ),
        Action("unassign", ("assigned", "accepted"), "new", "unassigned", ("office",)),
        Action("accept", ("assigned",), "accepted", "accepted", ("engineer",)),
        Action("depart", ("accepted", "on_hold"), "en_route", "departed", ("engineer",)),
        Action("arrive", ("accepted", "en_route", "on_hold"), "on_site", "arrived", ("engineer",)),
        Action("hold", ("on_site",), "on_hold", "held", ("engineer", "office")),
        Action("resume", ("on_hold",), "on_site", "resumed", ("engineer",)),
        Action("complete", ("on_site",), "completed", "resolved", ("engineer",)),
        Action("send_back", ("completed",), "accepted", "sent_back", ("office",)),
        Action("close", ("completed",), "closed", "closed", ("office",)),
        Action("cancel", OPEN_STATUSES, "cancelled", "cancelled", ("office",)),
    )
}


class InvalidTransition(ValueError):
    """The action is not allowed from the work order's current status."""

    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"cannot {action} a work order that is {status}")
        self.action = action
        self.status = status


def transition(status: str, action: str) -> Action:
    """The action to apply from ``status``; raises InvalidTransition if it is not allowed."""
    step = ACTIONS.get(action)
    if step is None:
        raise KeyError(action)
    if status not in step.sources:
        raise InvalidTransition(action, status)
    return step


def allowed_actions(status: str, actor: str) -> list[str]:
    """Names of the actions ``actor`` ("engineer" or "office") may take from ``status``."""
    return [a.name for a in ACTIONS.values() if status in a.sources and actor in a.by]


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES
