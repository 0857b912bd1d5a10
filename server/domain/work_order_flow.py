"""The work order's life cycle, declared once: statuses and their groups, the actions that
move it (from which statuses, to which, the event each records, who may take them and
whether its guards apply), the fields an engineer may change with their merge policies,
and the names of the mutations a phone pushes.

Pure data and functions. The REST API and the sync engine ask here; the phone and the
office read the same declaration from tests/vectors/work_order_flow.json, which
``flow_spec()`` writes (``aftercare vectors``) and a test keeps equal to this module, so
a phone, the office and the server can never disagree about the flow.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = (
    "new",  # registered, nobody assigned
    "assigned",  # an engineer is assigned, has not accepted yet
    "accepted",  # the engineer accepted (counts as first contact)
    "remote",  # a remote session (远程) is under way: the ladder's step before a visit
    "en_route",  # set off to the site
    "on_site",  # arrived
    "on_hold",  # waiting for parts, the customer or a mail-in repair
    "completed",  # resolved (on site and signed off, by phone or remotely); awaits review
    "closed",  # reviewed and closed by the office
    "cancelled",
)
OPEN_STATUSES = ("new", "assigned", "accepted", "remote", "en_route", "on_site", "on_hold")
#: Resolved: the work is done (awaiting review, or reviewed).
DONE_STATUSES = ("completed", "closed")
#: Nothing more happens to it: a change pushed for it is a late contribution.
FINAL_STATUSES = ("closed", "cancelled")
STATUS_GROUPS = {"open": OPEN_STATUSES, "done": DONE_STATUSES, "final": FINAL_STATUSES}
#: One device, one open request: a customer's new fault report (the QR page) joins an
#: open order of these types for the device instead of opening another with its own SLA
#: clocks. A planned inspection or installation that names the device does not take it.
REQUEST_TYPES = ("repair",)


@dataclass(frozen=True)
class Action:
    """A named step: from which statuses, to which status (None: the status stays, the
    step only records its event), the event it records."""

    name: str
    sources: tuple[str, ...]
    target: str | None
    event: str
    #: "engineer" actions are taken on the phone by the assigned engineer; "office" by staff.
    by: tuple[str, ...]
    #: Resolving actions: the contract's completion guards must hold (server.domain.guards);
    #: "on_site" or "remote" says which of the guards apply.
    guarded: str | None = None


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
        # The ladder before a visit: phone support failed, a remote session, or solved.
        Action(
            "escalate",
            ("new", "assigned", "accepted"),
            None,
            "phone_support_failed",
            ("engineer", "office"),
        ),
        Action(
            "start_remote",
            ("new", "assigned", "accepted"),
            "remote",
            "remote_started",
            ("engineer", "office"),
        ),
        Action(
            "resolve_by_phone",
            ("new", "assigned", "accepted"),
            "completed",
            "resolved",
            ("engineer", "office"),
            guarded="remote",
        ),
        Action(
            "resolve_remotely",
            ("remote",),
            "completed",
            "resolved",
            ("engineer", "office"),
            guarded="remote",
        ),
        Action("depart", ("accepted", "remote", "on_hold"), "en_route", "departed", ("engineer",)),
        Action(
            "arrive",
            ("accepted", "remote", "en_route", "on_hold"),
            "on_site",
            "arrived",
            ("engineer",),
        ),
        # Service running again (a loaner, a workaround): the restore clock stops here,
        # the resolve clock runs on until the fix is complete.
        Action("restore", ("remote", "on_site"), None, "restored", ("engineer",)),
        Action("hold", ("on_site",), "on_hold", "held", ("engineer", "office")),
        Action("resume", ("on_hold",), "on_site", "resumed", ("engineer",)),
        Action("complete", ("on_site",), "completed", "resolved", ("engineer",), guarded="on_site"),
        Action("send_back", ("completed",), "accepted", "sent_back", ("office",)),
        Action("close", ("completed",), "closed", "closed", ("office",), guarded="close"),
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


def target_of(step: Action, status: str) -> str:
    """The status after ``step`` from ``status`` (an event-only step keeps it)."""
    return step.target if step.target is not None else status


#: The merge policies a synced field may have (server.sync.merge applies them).
SERVER_WINS = "server_wins"
DEVICE_WINS = "device_wins"

#: The work-order fields an engineer may change from his phone, with the merge policy that
#: settles a change the office made meanwhile: what the customer agreed on the phone with
#: the office (appointment, contact) stays the office's; what he found on site is his.
ENGINEER_FIELDS: dict[str, str] = {
    "appointment_at": SERVER_WINS,
    "contact_name": SERVER_WINS,
    "contact_phone": SERVER_WINS,
    "diagnosis_symptom": DEVICE_WINS,
    "diagnosis_location": DEVICE_WINS,
    "diagnosis_cause": DEVICE_WINS,
    "diagnosis_fix": DEVICE_WINS,
    "defect_code": DEVICE_WINS,
    "exclusions": DEVICE_WINS,
    "labour_minutes": DEVICE_WINS,
    "visits": DEVICE_WINS,
}
#: Also his through REST (online only, not a synced field): the devices on the order.
ENGINEER_REST_FIELDS = ("device_ids",)

#: The mutations a phone pushes, and the table whose row the ``id`` argument of an
#: append-only one creates (None: it changes an existing record).
MUTATIONS: dict[str, str | None] = {
    "work_order.create": "work_orders",
    "work_order.update": None,
    "work_order.transition": None,
    "work_order_note.add": "work_order_notes",
    "part_usage.add": "part_usages",
    "inspection_result.add": "inspection_results",
    "attachment.add": "attachments",
    "signature.add": "signatures",
    "loaner.issue": "loaners",
    "loaner.return": None,
    "paid_work_consent.add": "paid_work_consents",
    "device.replace": "devices",
}


def flow_spec() -> dict:
    """The declaration as JSON (tests/vectors/work_order_flow.json, read by the webapp)."""
    return {
        "statuses": list(STATUSES),
        "groups": {name: list(group) for name, group in STATUS_GROUPS.items()},
        "actions": {
            a.name: {
                "sources": list(a.sources),
                "target": a.target,
                "event": a.event,
                "by": list(a.by),
                "guarded": a.guarded,
            }
            for a in ACTIONS.values()
        },
        "engineer_fields": dict(ENGINEER_FIELDS),
        "engineer_rest_fields": list(ENGINEER_REST_FIELDS),
        "mutations": dict(MUTATIONS),
    }
