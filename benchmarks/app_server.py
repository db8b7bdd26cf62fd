"""Start the app with `streamlit run` on a loopback port, and read the server's memory.

Used by the benchmarks and the load test. Memory is read from /proc/<pid>/status (VmRSS now, VmHWM
peak), so no psutil is needed; Linux only.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_ROOT / "benchmarks" / "results"
START_TIMEOUT_S = 90.0
# What a server log must never contain after a run: uncaught errors and tracebacks.
LOG_PROBLEM = re.compile(r"Traceback|Uncaught app execution|\bERROR\b|Exception\b")


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    spawned_at: float  # time.perf_counter() when the process was started
    healthy_after_s: float

    def rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmHWM") / 1024

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the server has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_problems(self) -> list[str]:
        """Lines of the server log that show an error or a traceback."""
        text = self.log_path.read_text(errors="replace")
        return [line for line in text.splitlines() if LOG_PROBLEM.search(line)]


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app: str | Path = "app.py", log_name: str = "benchmark-server.log", env: dict | None = None,
          log_dir: Path = RESULTS, port: int | None = None) -> Iterator[Server]:
    """A fresh `streamlit run` of `app` (relative to the project root) on 127.0.0.1 (a free port unless `port` is
    given, as a restart behind a balancer needs), through deploy/app_process.py; stopped on exit.
    Raises RuntimeError, naming the log, if it exits or is not healthy in time (the browser tests use it too)."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / log_name
    cmd = [sys.executable, "-m", "deploy.app_process", "run", str(app), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           # As deployed: no watching the project for edits (which other work on this machine would trigger).
           "--server.fileWatcherType", "none"]
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env or os.environ.copy(), stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        healthy = wait_healthy(base_url, process, log_path)
        yield Server(base_url, process, log_path, started, healthy - started)
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not exited within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_healthy(base_url: str, process: subprocess.Popen, log_path: Path, name: str = "streamlit",
                 timeout_s: float = START_TIMEOUT_S) -> float:
    """perf_counter() when base_url/_stcore/health first answered 200 (a balancer in front passes it through)."""
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}; see {log_path}")
        try:
            with no_proxy.open(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter()
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{base_url} not healthy after {timeout_s:.0f} s; see {log_path}")
