"""Benchmarks: run on demand (python -m benchmarks.<name>), never as timed unit tests."""
