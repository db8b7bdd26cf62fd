"""Benchmark: build every app table from nothing, then again with nothing changed.

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.build_time [--runs 3]

Prints the cold-build time per artefact and in total (target: under 60 s on a 2-core machine) and
the no-change rebuild time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fsot_data.build import build


def cold_build(runs: int) -> list[float]:
    seconds = []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            lines: list[str] = []
            started = time.perf_counter()
            build(Path(folder), report=lines.append)
            seconds.append(time.perf_counter() - started)
            if run == 0:
                print("\n".join(lines))
            warm_started = time.perf_counter()
            build(Path(folder), report=lambda _: None)
            print(f"run {run + 1}: cold {seconds[-1]:.1f} s; no-change rebuild {time.perf_counter() - warm_started:.2f} s")
    return seconds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    times = cold_build(parser.parse_args().runs)
    print(f"cold build: median {statistics.median(times):.1f} s, max {max(times):.1f} s over {len(times)} runs (target < 60 s)")
