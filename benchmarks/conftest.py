"""Benchmarks are measurements, not tests of speed: they print figures and record them in
docs/benchmarks.md; they fail only if the feature breaks."""
