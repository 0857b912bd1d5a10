"""CPU seconds used by process groups (gunicorn and its workers, PostgreSQL's processes
for one database), read from Linux /proc: what a server spends, apart from what the rest of
a busy machine does. Shared by the load test and the PouchDB comparison."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK")


def process_ticks(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def machine_ticks() -> int:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return values[0] + values[1] + values[2] + values[5] + values[6] + values[7]


def _parent(pid: str) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def family(root: int) -> list[int]:
    """The process and its children (gunicorn: the master and its workers)."""
    return [root] + [int(p) for p in os.listdir("/proc") if p.isdigit() and _parent(p) == root]


def postgres_processes(database: str) -> list[int]:
    """PostgreSQL's backends for ``database`` and its own helpers (WAL writer, checkpointer),
    not the backends of other databases on the same server."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres:") and (database in command or "(" not in command):
            pids.append(int(entry))
    return pids


class CpuMeter:
    """CPU seconds of named process groups during a phase, and of everything else on the
    machine ("other": a guard against a busy machine)."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]]):
        self.groups = groups

    def _snapshot(self) -> dict[str, dict[int, int]]:
        return {
            name: {pid: process_ticks(pid) for pid in pids()} for name, pids in self.groups.items()
        }

    @contextmanager
    def measure(self, phase: Any) -> Iterator[Any]:
        before, machine = self._snapshot(), machine_ticks()
        started = time.perf_counter()
        yield phase
        phase.seconds = time.perf_counter() - started
        after, machine = self._snapshot(), machine_ticks() - machine
        ours = 0
        for name, ticks in after.items():
            used = sum(t - before[name].get(pid, 0) for pid, t in ticks.items())
            phase.cpu[name] = used / TICK
            ours += used
        phase.cpu["other"] = max(0, machine - ours) / TICK
