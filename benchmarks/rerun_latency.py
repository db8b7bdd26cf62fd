"""Benchmark: server time of a rerun after each widget change on the gap, candidates, presentation and profile pages (and of
a plain rerun of the progress page, whose only controls are downloads).

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.rerun_latency [--rounds 3] [--page pages/progress.py]

Each page runs in AppTest through the app's router (the script in this process, as the server runs it). For every widget, the
benchmark sets each of its values in turn and times the rerun that follows. The first round meets each
value for the first time ("cold": caches empty for that choice); later rounds repeat the same changes
("warm": what a user toggling back and forth meets). Prints the median and 95th percentile per widget
of the process's CPU time for the rerun (the server's own work, which on a busy machine is not inflated
by waiting for a CPU), and the median wall time beside it (AppTest's, an upper bound).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from fsot_data.datasets import Datasets

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def timed_run(at: AppTest) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one rerun."""
    cpu, wall = time.process_time(), time.perf_counter()
    at.run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if at.exception:
        raise RuntimeError(f"the page raised: {[e.message for e in at.exception]}")
    return cpu, wall


def cycle(at: AppTest, kind: str, key: str, values=None) -> list[tuple[float, float]]:
    """Set every value of one widget in turn (then back to the first), timing each rerun."""
    widget = getattr(at, kind)(key=key)
    values = list(values if values is not None else widget.options)
    times = []
    for value in values[1:] + values[:1]:
        getattr(at, kind)(key=key).set_value(value)
        times.append(timed_run(at))
    return times


def borough_vs_england(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    out = {"domain": cycle(at, "selectbox", "domain")}
    at.selectbox(key="domain").set_value("Health").run()
    out["indicator (Health)"] = cycle(at, "selectbox", "indicator")
    at.selectbox(key="domain").set_value("Housing and physical environment").run()
    out["IoD index (Housing)"] = cycle(at, "selectbox", "index")
    return out


def compare_areas(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    out = {"compare (kind)": cycle(at, "radio", "kind", ["wards", "priority", "fifths"]),
           "edition": cycle(at, "radio", "edition")}
    out["domain"] = cycle(at, "selectbox", "domain")
    at.selectbox(key="domain").set_value("Housing and physical environment").run()
    out["IoD index (Housing)"] = cycle(at, "selectbox", "index")
    wards = at.radio(key="kind").set_value("wards").run().multiselect(key="wards").options
    out["wards chosen"] = cycle(at, "multiselect", "wards", [wards, wards[:2], wards[:6]])
    options = at.radio(key="kind").set_value("custom").run().multiselect(key="lsoa").options
    out["your LSOAs"] = cycle(at, "multiselect", "lsoa", [options[:1], options[:3], options[:8]])
    out["map shown (on/off)"] = cycle(at, "toggle", "cmp_show_map_2025", [False, True])
    return out


def headline_claims(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    return {"ward edition": cycle(at, "radio", "edition")}


def next_priority_areas(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    out = {"edition": cycle(at, "radio", "edition"), "depth (10% / 20%)": cycle(at, "radio", "depth")}
    out["candidate"] = cycle(at, "selectbox", "candidate")
    out["only new (on/off)"] = cycle(at, "toggle", "candidates_new_only", [False, True])
    return out


def presentation(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    return {"slide (picker)": cycle(at, "radio", "slide")}


def area_profile(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    lsoas = Datasets().lsoas(at.radio(key="edition").value)
    wards = lsoas.drop_duplicates("ward_code").sort_values("ward_name")["ward_code"].tolist()
    # (not the edition: AppTest cannot send a ward the new edition's picker no longer offers)
    return {"ward": cycle(at, "selectbox", "ward", wards[:6]), "profile of (kind)": cycle(at, "radio", "kind")}


def progress(at: AppTest) -> dict[str, list[tuple[float, float]]]:
    """No widget changes a figure here: a rerun is what a download click, a reload or another session's visit costs."""
    return {"rerun (nothing changed)": [timed_run(at) for _ in range(5)]}


PAGES: dict[str, Callable[[AppTest], dict[str, list[tuple[float, float]]]]] = {
    "pages/borough_vs_england.py": borough_vs_england,
    "pages/compare_areas.py": compare_areas,
    "pages/headline_claims.py": headline_claims,
    "pages/next_priority_areas.py": next_priority_areas,
    "pages/presentation.py": presentation,
    "pages/area_profile.py": area_profile,
    "pages/progress.py": progress,
}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.0f} {p95(values) * 1000:6.0f}" if values else f"{'-':>8} {'-':>6}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per widget: the first cold, the rest warm")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only this page (repeatable; default: all)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page / widget':44} {'n':>3} {'cold CPU median / p95':>22} {'warm CPU median / p95':>22} "
          f"{'warm wall median':>17}  (ms)")
    for page, drive in ((p, PAGES[p]) for p in (args.page or PAGES)):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)  # through the router, as served
        at.switch_page(page)
        first_cpu, first_wall = timed_run(at)
        rounds = [drive(at) for _ in range(args.rounds)]
        print(f"{page} (first run, loading the data: {first_cpu * 1000:.0f} ms CPU, {first_wall * 1000:.0f} ms wall)")
        for widget, cold in rounds[0].items():
            warm = [t for r in rounds[1:] for t in r[widget]]
            warm_wall = f"{statistics.median([w for _, w in warm]) * 1000:17.0f}" if warm else f"{'-':>17}"
            print(f"  {widget:42} {len(cold) + len(warm):3} {ms([c for c, _ in cold]):>22} "
                  f"{ms([c for c, _ in warm]):>22} {warm_wall}")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
