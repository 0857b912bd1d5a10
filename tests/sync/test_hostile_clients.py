"""The hostile client of issue 15 kept in the suite (tests/sync/hostile.py): phones with
fast and slow clocks, the same mutation twice in one batch, outboxes rebuilt under new
seqs, new mutations at used seqs, an office editing through REST with If-Match, and a
server killed mid-push with the phone resending everything unacknowledged. Nothing lost,
nothing duplicated, nothing diverged, on SQLite and (TEST_DATABASE_URL) PostgreSQL.

Bounded for `make test`; HOSTILE_EXAMPLES and HOSTILE_STEPS scale it up (`make bench`
runs it large: benchmarks/test_hostile_client_bench.py)."""

from __future__ import annotations

import os

from .hostile import TEST_EXAMPLES, TEST_STEPS, run_hostile_clients

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", TEST_EXAMPLES))
STEPS = int(os.environ.get("HOSTILE_STEPS", TEST_STEPS))


def test_hostile_phones_and_a_racing_office_lose_duplicate_and_diverge_nothing(app, client):
    tally = run_hostile_clients(client, EXAMPLES, STEPS)
    assert (tally.lost, tally.duplicated, tally.diverged) == (0, 0, 0)
    # and the run met every hostile case it is here for
    exercised = {
        "order registered by a fast clock": tally.creates_clock_ahead,
        "order registered by a slow clock": tally.creates_clock_behind,
        "step stamped by a fast clock": tally.steps_clock_ahead,
        "same mutation twice in a batch": tally.batches_with_repeats,
        "outbox rebuilt under new seqs": tally.outboxes_rebuilt,
        "new mutation at a used seq": tally.seq_reused,
        "office save with a current If-Match": tally.office_saves,
        "office save refused 412": tally.office_refused_412,
        "conflict kept for the office": tally.conflicts,
        "server killed mid-batch": tally.killed_mid_batch,
        "server killed at commit": tally.killed_at_commit,
        "answer lost": tally.answers_dropped,
    }
    assert [case for case, count in exercised.items() if not count] == []
