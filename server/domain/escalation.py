"""Missed deadlines and level-1 emergencies: what the office records when a promise is not
kept or the system is down (docs/rules.md, "Missed deadlines" and "Level-1 emergency").

- A clock is missed when it is breached (running past its deadline, or ended by a void
  event after it) or met late (stopped after its deadline). The responsible person
  explains it with one of BREACH_REASONS and records how the customer was told
  (CUSTOMER_TOLD_HOW; the documents require a phone call explaining the delay).
- An emergency's milestones (sla.emergency.milestones) are done when someone acknowledges
  them; until then each is due, or overdue once its due time passed.
- After the fix, an observation period of ``sla.emergency.observation_days`` days is
  planned: its follow-up falls due that long after the order was resolved.

Pure: no database, no clock (``now`` is an argument).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from server.domain.settings import EmergencyPolicy
from server.domain.sla import MilestoneDue

#: Why a deadline was missed: the customer could not be reached or was not there, parts
#: were late, access to the site or room was refused, the journey took longer, too much
#: work at once, anything else (the note says what).
BREACH_REASONS = (
    "customer_unavailable",
    "parts_delay",
    "access_denied",
    "travel",
    "workload",
    "other",
)
#: How the customer was told about the delay.
CUSTOMER_TOLD_HOW = ("phone", "in_person", "wechat", "email", "sms")
#: Clock states that are a missed deadline (server.domain.sla).
MISSED_STATES = ("breached", "met_late")


def is_missed(state: str) -> bool:
    return state in MISSED_STATES


def milestone_status(
    milestones: Iterable[MilestoneDue],
    acks: Mapping[str, Mapping[str, Any]],
    now: datetime,
) -> list[dict[str, Any]]:
    """Each milestone with its acknowledgement (``acks`` by key) and its state: done,
    overdue (due time passed, nobody acknowledged) or due."""
    rows = []
    for milestone in milestones:
        ack = acks.get(milestone.key)
        if ack is not None:
            state = "done"
        elif now > milestone.due_at:
            state = "overdue"
        else:
            state = "due"
        rows.append(
            {
                "key": milestone.key,
                "minutes": milestone.minutes,
                "due_at": milestone.due_at,
                "state": state,
                "ack": ack,
            }
        )
    return rows


def all_acknowledged(status: Iterable[Mapping[str, Any]]) -> bool:
    return all(row["state"] == "done" for row in status)


def is_emergency(severity: int, policy: EmergencyPolicy) -> bool:
    return int(severity) in policy["severities"]


def observation_due_at(resolved_at: datetime, policy: EmergencyPolicy) -> datetime:
    """When the observation period after the fix ends (its follow-up is due then)."""
    return resolved_at + timedelta(days=policy["observation_days"])
