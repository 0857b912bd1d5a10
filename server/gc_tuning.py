"""Python's garbage collector, set for a server process.

A worker holds a large heap of long-lived objects (the app, SQLAlchemy's mappers,
marshmallow's schemas), and a push creates thousands of short-lived ORM objects: with the
interpreter's defaults a full collection walks the whole heap every few thousand
allocations, a fifth to a third of a 500-create push's CPU (measured: docs/benchmarks.md,
"Push cost per mutation kind"). Once the app is loaded, ``settle_heap`` moves what exists
into the permanent generation (never scanned again) and makes young collections rarer.
gunicorn.conf.py calls it in each worker; the push-cost benchmark calls it too, so it
measures what a worker does.
"""

from __future__ import annotations

import gc
import os

#: Allocations between two young-generation collections (the interpreter's default is
#: 700); GC_THRESHOLD overrides it.
DEFAULT_THRESHOLD = 10_000


def settle_heap(threshold: int | None = None) -> None:
    """Collect once, freeze what survives, and space out the collections that follow."""
    threshold = threshold or int(os.environ.get("GC_THRESHOLD", DEFAULT_THRESHOLD))
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(threshold, older, oldest)
