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


def _stat_fields(pid: int) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()


def process_ticks(pid: int) -> int:
    fields = _stat_fields(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0  # utime + stime


def ended_children_ticks(pid: int) -> int:
    """The CPU of the process's children that have ended (and been waited for): a
    PostgreSQL backend whose connection closed, a gunicorn worker restarted."""
    fields = _stat_fields(pid)
    return int(fields[13]) + int(fields[14]) if fields else 0  # cutime + cstime


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
    """PostgreSQL's backends for ``database``, its own helpers (WAL writer, checkpointer)
    and its server process, not the live backends of other databases on the same server
    (a backend of any database that ends meanwhile counts: CpuMeter)."""
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
    server = _parent(str(pids[0])) if pids else -1
    if server > 0:  # the server process, which starts each backend and waits for its end
        pids.append(server)
    return pids


class CpuMeter:
    """CPU seconds of named process groups during a phase, and of everything else on the
    machine ("other": a guard against a busy machine). A group's processes that end during
    the phase count too, through their parent's record of its ended children (a
    connection opened and closed within the phase was missed, its CPU put under
    "other"): what a process of the group used before the phase and then ended is taken
    off again."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]]):
        self.groups = groups

    def _snapshot(self) -> dict[str, dict[int, tuple[int, int]]]:
        return {
            name: {pid: (process_ticks(pid), ended_children_ticks(pid)) for pid in pids()}
            for name, pids in self.groups.items()
        }

    @staticmethod
    def _used(before: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]]) -> int:
        running = sum(own - before.get(pid, (0, 0))[0] for pid, (own, _) in after.items())
        ended = sum(children - before.get(pid, (0, 0))[1] for pid, (_, children) in after.items())
        counted_before = sum(own for pid, (own, _) in before.items() if pid not in after)
        return running + ended - counted_before

    @contextmanager
    def measure(self, phase: Any) -> Iterator[Any]:
        before, machine = self._snapshot(), machine_ticks()
        started = time.perf_counter()
        yield phase
        phase.seconds = time.perf_counter() - started
        after, machine = self._snapshot(), machine_ticks() - machine
        ours = 0
        for name, ticks in after.items():
            used = self._used(before[name], ticks)
            phase.cpu[name] = used / TICK
            ours += used
        phase.cpu["other"] = max(0, machine - ours) / TICK
