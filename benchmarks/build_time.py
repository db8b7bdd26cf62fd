"""Benchmark: build every app table from nothing, then again with nothing changed; and per authority.

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.build_time [--runs 3]
    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.build_time --lads E06000001,E06000002,E06000003,E06000004,E06000005

Prints the cold-build time per artefact and in total (target: under 60 s on a 2-core machine) and
the no-change rebuild time. With --lads, side by side for each authority: its cold build alone, and
its build within one multi-authority build (national tables built for the first, linked for the rest).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fsot_data.build import build
from fsot_data.config import DEFAULT_LAD_CODE


def cold_build(runs: int) -> list[float]:
    seconds = []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            lines: list[str] = []
            started = time.perf_counter()
            build(Path(folder), DEFAULT_LAD_CODE, report=lines.append)
            seconds.append(time.perf_counter() - started)
            if run == 0:
                print("\n".join(lines))
            warm_started = time.perf_counter()
            build(Path(folder), DEFAULT_LAD_CODE, report=lambda _: None)
            print(f"run {run + 1}: cold {seconds[-1]:.1f} s; no-change rebuild {time.perf_counter() - warm_started:.2f} s")
    return seconds


def per_authority(lads: list[str]) -> None:
    """Each authority's cold build alone, then the same authorities built one after another into one folder."""
    alone = {}
    for lad in lads:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            build(Path(folder) / lad, lad, report=lambda _: None)
            alone[lad] = time.perf_counter() - started
    together, previous = {}, None
    with tempfile.TemporaryDirectory() as folder:
        for lad in lads:
            started = time.perf_counter()
            build(Path(folder) / lad, lad, report=lambda _: None, shared_from=previous)
            together[lad] = time.perf_counter() - started
            previous = Path(folder) / lad
    print(f"{'authority':<10} {'alone (cold)':>13} {'in one build':>13}")
    for lad in lads:
        print(f"{lad:<10} {alone[lad]:>11.1f} s {together[lad]:>11.1f} s")
    print(f"{'all':<10} {sum(alone.values()):>11.1f} s {sum(together.values()):>11.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lads", help="comma-separated authorities: time each alone and within one build")
    args = parser.parse_args()
    if args.lads:
        per_authority(args.lads.split(","))
    else:
        times = cold_build(args.runs)
        print(f"cold build: median {statistics.median(times):.1f} s, max {max(times):.1f} s over {len(times)} runs (target < 60 s)")
