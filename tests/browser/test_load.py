"""Five people use the map at once: every session opens it, finds a postcode and changes the domain.

A lighter run of benchmarks/load_test.py (which does 20 and reports timings): here only success
counts, so the test does not depend on the machine's speed beyond a generous deadline.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from benchmarks.app_server import serve
from benchmarks.load_test import print_report, run_load

SESSIONS = 5
DEADLINE_S = 300


def test_five_concurrent_sessions_all_succeed_without_server_errors():
    with serve(log_name="load-test-ci-server.log") as server:
        # Its own thread: the async API must not share a thread with the sync browser fixture's loop.
        with ThreadPoolExecutor(1) as worker:
            report = worker.submit(asyncio.run, run_load(server, SESSIONS, DEADLINE_S)).result()
        log = server.log_path.read_text(errors="replace")
    print_report(report)
    assert report.succeeded == SESSIONS, report.errors
    assert set(report.steps) == {"open map, polygons drawn", "find a postcode", "change the domain, map redrawn"}
    assert not report.log_problems and "Traceback" not in log, report.log_problems
