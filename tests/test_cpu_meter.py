"""The benchmarks' CPU meter (benchmarks/cpu.py) counts a group's processes that end during
a phase: a PostgreSQL connection opened and closed within it was missed, and its CPU
shown as the rest of the machine's. CPU seconds a process used, not durations: a busy
machine changes neither."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

from benchmarks.cpu import CpuMeter

#: A child that burns the CPU seconds given on each line of its input, answering each.
BURNER = """
import sys, time
for line in sys.stdin:
    end = time.process_time() + float(line)
    while time.process_time() < end:
        pass
    print("done", flush=True)
"""


def _burner() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", BURNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def _burn(child: subprocess.Popen, seconds: float) -> None:
    child.stdin.write(f"{seconds}\n")
    child.stdin.flush()
    assert child.stdout.readline() == "done\n"


def _end(child: subprocess.Popen) -> None:
    child.stdin.close()
    child.wait()
    child.stdout.close()


def test_a_process_started_and_ended_within_the_phase_is_counted():
    meter = CpuMeter({"us": lambda: [os.getpid()]})
    phase = SimpleNamespace(cpu={}, seconds=0.0)
    with meter.measure(phase):
        child = _burner()
        _burn(child, 0.5)
        _end(child)
    assert phase.cpu["us"] >= 0.4


def test_a_process_that_ends_within_the_phase_counts_only_what_it_used_in_it():
    child = _burner()
    _burn(child, 0.5)  # before the phase
    meter = CpuMeter({"us": lambda: [os.getpid(), *([child.pid] if child.poll() is None else [])]})
    phase = SimpleNamespace(cpu={}, seconds=0.0)
    with meter.measure(phase):
        _burn(child, 0.3)
        _end(child)
    assert 0.2 <= phase.cpu["us"] < 0.6
