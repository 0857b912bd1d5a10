"""Field-level merge of a device's changes against the server's current record.

Pure: no database, no Flask. The device sends, for each field it changed, the value it
last saw (``base``) and its new value. For each field:

- the server still holds ``base`` → nobody else changed it: the device's value is applied;
- the server already holds the device's value → nothing to do (merged);
- the server holds a third value → both sides changed the field: the field's policy picks
  the winner, and the loser is returned as a conflict to be stored, never dropped.

Policies: ``server_wins`` (office data: assignment, appointment, contract facts) and
``device_wins`` (on-site facts: diagnosis, readings, signature).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from server.domain.work_order_flow import DEVICE_WINS, SERVER_WINS

POLICIES = (SERVER_WINS, DEVICE_WINS)


@dataclass(frozen=True)
class FieldConflict:
    field: str
    policy: str
    winner: str  # "server" or "device"
    base_value: Any
    server_value: Any
    device_value: Any


@dataclass(frozen=True)
class MergeResult:
    #: Fields to write, with the values to write.
    writes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    #: Fields where the server already had the device's value, or the server's change won
    #: without a clash being recorded.
    unchanged: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """applied: all written as sent; merged: some already there; conflict: a clash."""
        if self.conflicts:
            return "conflict"
        return "merged" if self.unchanged else "applied"


def merge_fields(
    current: Mapping[str, Any],
    base: Mapping[str, Any],
    changes: Mapping[str, Any],
    policies: Mapping[str, str],
) -> MergeResult:
    """Merge ``changes`` (field → device value) made from ``base`` into ``current``.

    Every changed field must have a base value and a policy; callers validate that first.
    """
    writes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    unchanged: list[str] = []
    for name, device_value in changes.items():
        server_value = current[name]
        base_value = base[name]
        if device_value == server_value:
            unchanged.append(name)
        elif base_value == server_value:
            writes[name] = device_value
        else:
            policy = policies[name]
            winner = "device" if policy == DEVICE_WINS else "server"
            if winner == "device":
                writes[name] = device_value
            conflicts.append(
                FieldConflict(name, policy, winner, base_value, server_value, device_value)
            )
    return MergeResult(writes, conflicts, unchanged)
