"""Capacity: how many people at once one app process serves, against two behind nginx, measured in one run.

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.capacity [--levels 25,50,100,150] [--timeout 300]

Browsers on the same two cores as the server cannot load it honestly (their own drawing is most of the work), so
each session here is benchmarks/protocol_client.py: Streamlit's own WebSocket messages, as a browser sends them.
A session opens the map page, then makes the changes a councillor would: the index to a domain, a postcode (a
different one per session), the edition. Every reply is checked: no exception or "Page not found", and the
elements the step must bring (the map component on opening; the new index's legend; the postcode's answer; the
other edition's legend). All sessions of a level run at once, step by step (every session opens, then every
session changes the index, ...), so each phase's server CPU is measured alone: CPU per open and per rerun are the
app processes' CPU seconds (user + system, from /proc) for the phase divided by its replies; memory per session is
the processes' resident memory with every session open, less that before, divided by the sessions. Both setups
start fresh, are warmed by a session per process, and run side by side, level by level in turn, so that both see
the same load on a shared machine. A level succeeds when every step of every session succeeded
within --timeout seconds; the ladder stops at the first level that does not. Bounded: at most MAX_SESSIONS
sessions, loopback only. Writes benchmarks/results/capacity.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.app_server import RESULTS, Server, free_port, serve
from benchmarks.load_test import borough_postcodes, percentile
from benchmarks.protocol_client import ProtocolSession, RunReply
from deploy.balancer import cluster

MAX_SESSIONS = 200
DOMAIN = "Income (domain)"
OTHER_EDITION = "IoD2019"


@dataclass
class Step:
    name: str
    run: Callable[[ProtocolSession, str], object]          # (session, postcode) -> awaitable RunReply
    expect: Callable[[RunReply, str], bool]                 # (reply, postcode) -> the step's elements are there
    what: str                                               # what `expect` looks for, for the error message


def _legend_mentions(text: str) -> Callable[[RunReply, str], bool]:
    return lambda reply, _: any(kind == "html" and text in body for kind, body in reply.elements)


STEPS = [
    Step("open the map", lambda s, _: s.open(),
         lambda r, _: r.has("component_instance", "streamlit_folium") and r.has("selectbox", "Index"), "the map and its controls"),
    Step("change the index", lambda s, _: s.change("Index", DOMAIN), _legend_mentions("Income"), "the Income legend"),
    Step("find a postcode", lambda s, pc: s.submit_form("Find a postcode", pc, "Find"),
         lambda r, pc: r.has("alert", f"{pc} is in"), "the postcode's ward"),
    Step("change the edition", lambda s, _: s.change("Edition", OTHER_EDITION), _legend_mentions(OTHER_EDITION), "the IoD2019 legend"),
]


@dataclass
class LevelResult:
    sessions: int
    succeeded: int
    errors: list[str]
    cpu_per_open_s: float
    cpu_per_rerun_s: float
    rss_mb_before: float
    rss_mb_all_open: float
    mb_per_session: float
    latency_s: dict[str, dict[str, float]]   # step -> p50, p95, max
    rerun_p50_s: float
    rerun_p95_s: float
    wall_s: float


@dataclass
class SetupResult:
    name: str
    processes: int
    levels: list[LevelResult] = field(default_factory=list)
    log_problems: list[str] = field(default_factory=list)

    def capacity(self) -> int:
        return max([level.sessions for level in self.levels if level.succeeded == level.sessions], default=0)


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _phase(sessions: list[ProtocolSession], postcodes: list[str], step: Step, timeout_s: float,
                 failed: dict[int, str]) -> list[float]:
    """Run one step in every session still going, all at once; latencies of the replies that passed."""
    async def one(i: int):
        if i in failed:
            return None
        try:
            reply = await asyncio.wait_for(step.run(sessions[i], postcodes[i]), timeout_s)
        except Exception as error:
            failed[i] = f"{step.name}: {type(error).__name__}: {error}"
            return None
        if reply.exceptions or reply.page_not_found or not step.expect(reply, postcodes[i]):
            failed[i] = (f"{step.name}: " + ("; ".join(reply.exceptions) if reply.exceptions else
                         "Page not found" if reply.page_not_found else f"no {step.what} in the reply"))
            return None
        return reply.seconds

    return [s for s in await asyncio.gather(*(one(i) for i in range(len(sessions)))) if s is not None]


async def run_level(base_url: str, servers: list[Server], n: int, timeout_s: float) -> LevelResult:
    postcodes = borough_postcodes(n)
    sessions = [ProtocolSession(base_url, page="map") for _ in range(n)]
    failed: dict[int, str] = {}
    def cpu() -> float:
        return sum(_cpu_s(server.process.pid) for server in servers)

    def rss() -> float:
        return sum(server.rss_mb() for server in servers)

    rss_before, started = rss(), time.perf_counter()
    latency, cpu_by_step = {}, {}
    try:
        for step in STEPS:
            before = cpu()
            seconds = await _phase(sessions, postcodes, step, timeout_s, failed)
            cpu_by_step[step.name] = (cpu() - before) / max(1, n)
            latency[step.name] = ({"p50": statistics.median(seconds), "p95": percentile(seconds, 0.95), "max": max(seconds)}
                                  if seconds else {})
            if step is STEPS[0]:
                rss_open = rss()
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    reruns = [step.name for step in STEPS[1:]]
    return LevelResult(
        sessions=n, succeeded=n - len(failed), errors=sorted(set(failed.values()))[:10],
        cpu_per_open_s=cpu_by_step[STEPS[0].name], cpu_per_rerun_s=statistics.mean(cpu_by_step[r] for r in reruns),
        rss_mb_before=rss_before, rss_mb_all_open=rss_open, mb_per_session=(rss_open - rss_before) / n,
        latency_s=latency,
        rerun_p50_s=statistics.median([latency[r]["p50"] for r in reruns if latency[r]] or [float("nan")]),
        rerun_p95_s=max([latency[r]["p95"] for r in reruns if latency[r]] or [float("nan")]),
        wall_s=time.perf_counter() - started)


@contextmanager
def one_process(log_dir: Path):
    with serve(log_name="capacity-one-process.log", log_dir=log_dir) as server:
        yield server.base_url, [server]


@contextmanager
def two_behind_nginx(log_dir: Path):
    with cluster(2, free_port(), log_dir / "capacity-two-processes") as running:
        yield running.base_url, running.servers


async def measure_side_by_side(levels: list[int], timeout_s: float, log_dir: Path) -> list[SetupResult]:
    """Both setups running at once, measured level by level in turn (one process at n, then two at n), so that
    both see the same load on a shared machine; each setup's ladder stops at its first failed level."""
    with one_process(log_dir) as single, two_behind_nginx(log_dir) as pair:
        setups = [(SetupResult("one process", 1), single), (SetupResult("two processes behind nginx", 2), pair)]
        for _, (base_url, servers) in setups:
            for _ in servers:  # warm every process: fresh sessions spread over them (least connections)
                await run_level(base_url, servers, 2, timeout_s)
        for n in levels:
            for result, (base_url, servers) in setups:
                if result.levels and result.levels[-1].succeeded < result.levels[-1].sessions:
                    continue
                level = await run_level(base_url, servers, n, timeout_s)
                result.levels.append(level)
                print(f"{result.name}: {n} sessions, {level.succeeded} succeeded in {level.wall_s:.0f} s", flush=True)
        for result, (_, servers) in setups:
            result.log_problems = [line for server in servers for line in server.log_problems()]
    return [result for result, _ in setups]


def print_table(results: list[SetupResult], load_before: tuple, load_after: tuple) -> None:
    print(f"\nload average before {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f}")
    print(f"{'setup':28} {'sessions':>8} {'ok':>5} {'CPU/open s':>10} {'CPU/rerun s':>11} {'MB/session':>10} "
          f"{'open p50/p95 s':>15} {'rerun p50/p95 s':>16} {'wall s':>7}")
    for result in results:
        for level in result.levels:
            opened = level.latency_s.get(STEPS[0].name) or {"p50": float("nan"), "p95": float("nan")}
            print(f"{result.name:28} {level.sessions:8} {level.succeeded:5} {level.cpu_per_open_s:10.3f} "
                  f"{level.cpu_per_rerun_s:11.3f} {level.mb_per_session:10.2f} {opened['p50']:7.2f}/{opened['p95']:<7.2f} "
                  f"{level.rerun_p50_s:8.2f}/{level.rerun_p95_s:<7.2f} {level.wall_s:7.0f}")
            for error in level.errors:
                print(f"    failed: {error}")
        print(f"{result.name}: largest level with every step of every session succeeding: {result.capacity()} sessions; "
              "server log: " + ("no errors or tracebacks" if not result.log_problems else f"{len(result.log_problems)} PROBLEMS"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="25,50,100,150", help="concurrent sessions to try, ascending")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a step may take before it counts as failed")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    if not all(1 <= n <= MAX_SESSIONS for n in levels):
        raise SystemExit(f"levels must be 1..{MAX_SESSIONS}")
    log_dir = RESULTS / "capacity-logs"
    load_before = os.getloadavg()
    results = asyncio.run(measure_side_by_side(levels, args.timeout, log_dir))
    load_after = os.getloadavg()
    print_table(results, load_before, load_after)
    (RESULTS / "capacity.json").write_text(json.dumps(
        {"load_average_before": load_before, "load_average_after": load_after, "cpu_count": os.cpu_count(),
         "setups": [asdict(r) | {"capacity": r.capacity()} for r in results]}, indent=1))


if __name__ == "__main__":
    main()
