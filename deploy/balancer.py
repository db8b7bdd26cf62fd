"""Several app processes behind Debian's nginx: `scripts/serve --replicas N --port P` (this module's main).

Each app process is a `streamlit run` on its own loopback port (deploy/app_process.py); nginx, rendered from
deploy/nginx-site.conf, listens on P and keeps each browser on one process. nginx runs in the foreground as a child,
with its own prefix, temporary folders, logs and pid file in a temporary folder: no system configuration is read or
written, and nothing needs root. Every process gets the same `server.cookieSecret` (Streamlit signs its XSRF and
upload cookies with it, so a browser moved to another process is not turned away) and reads the same built tables,
which nothing at run time writes.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.app_server import Server, serve, stop, wait_healthy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITE_TEMPLATE = Path(__file__).with_name("nginx-site.conf")
NGINX = os.environ.get("FSOT_NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"  # Streamlit reads server.cookieSecret from it
NGINX_START_TIMEOUT_S = 20.0
# How long nginx skips a process after a failed connection. The processes are on loopback, where a dead one refuses
# a connection in microseconds, so trying it again every second costs nothing and a restarted one is back at once.
FAIL_TIMEOUT_S = 1


def max_upload_mb() -> int:
    """Streamlit's upload limit as this project configures it (.streamlit/config.toml, else Streamlit's default)."""
    from streamlit import config

    return int(config.get_option("server.maxUploadSize"))


def process_name(index: int) -> str:
    """The name the affinity cookie gives an app process (fsot_process=p0): not its address, which stays private."""
    return f"p{index}"


def render_site(app_ports: list[int], listen: str, access_log: Path) -> str:
    """deploy/nginx-site.conf with its fields filled: the processes (a group each, with the others as backups, and
    the pool for new sessions), where nginx listens and logs, and Streamlit's upload limit."""
    def server(port: int, backup: bool = False) -> str:
        return f"    server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s{' backup' if backup else ''};"

    pinned = []
    for i, port in enumerate(app_ports):
        servers = [server(port)] + [server(other, backup=True) for other in app_ports if other != port]
        pinned.append(f"upstream fsot_{process_name(i)} {{\n" + "\n".join(servers) + "\n}")
    fields = {
        "pinned_names": "\n".join(f"    {process_name(i)} fsot_{process_name(i)};" for i in range(len(app_ports))),
        "answered_names": "\n".join(f"    ~127\\.0\\.0\\.1:{port}$ {process_name(i)};" for i, port in enumerate(app_ports)),
        "pool_servers": "\n".join(server(port) for port in app_ports),
        "pinned_upstreams": "\n".join(pinned),
        "listen": listen, "access_log": str(access_log), "max_upload_mb": str(max_upload_mb()),
    }
    site = SITE_TEMPLATE.read_text()
    for name, value in fields.items():
        site = site.replace("{{" + name + "}}", value)
    return site


def _main_config(prefix: Path, site: Path) -> str:
    """nginx.conf for a private, foreground nginx under `prefix`: every path it writes is inside it."""
    return f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {site};
}}
"""


@dataclass
class Nginx:
    process: subprocess.Popen
    prefix: Path

    @property
    def error_log(self) -> Path:
        return self.prefix / "logs" / "error.log"

    @property
    def access_log(self) -> Path:
        return self.prefix / "logs" / "access.log"


@contextmanager
def run_nginx(app_ports: list[int], port: int, prefix: Path, host: str = "127.0.0.1") -> Iterator[Nginx]:
    """nginx in front of `app_ports`, listening on host:port, until exit (then stopped, its children with it)."""
    if not Path(NGINX).is_file():
        raise RuntimeError(f"nginx not found at {NGINX}: run scripts/setup (apt-get install nginx-light), "
                           "or set FSOT_NGINX to an nginx binary")
    for sub in ("logs", "temp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    site = prefix / "fsot-site.conf"
    site.write_text(render_site(app_ports, f"{host}:{port}", prefix / "logs" / "access.log"))
    conf = prefix / "nginx.conf"
    conf.write_text(_main_config(prefix, site))
    command = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "error.log")]
    checked = subprocess.run([*command, "-t", "-q"], check=False, capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx rejected {conf}: {checked.stderr.strip()}")
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://{host}:{port}", process, prefix / "logs" / "error.log", "nginx", NGINX_START_TIMEOUT_S)
        yield Nginx(process, prefix)
    finally:
        stop(process)  # SIGTERM: nginx's fast shutdown, workers included


@dataclass
class Cluster:
    """Running app processes and the nginx in front of them; kill and restart one, as an outage would."""

    base_url: str
    nginx: Nginx
    servers: list[Server]
    cookie_secret: str
    log_dir: Path
    _stack: ExitStack = field(repr=False)
    _restarts: int = 0

    def ports(self) -> list[int]:
        return [int(server.base_url.rsplit(":", 1)[1]) for server in self.servers]

    def processes_serving(self, process_cookie: str) -> list[int]:
        """The process that answered each logged request whose affinity cookie was `process_cookie` ("p0"; "" for
        none), oldest first, from nginx's access log, which names the answering address."""
        ports, served = self.ports(), []
        for line in self.nginx.access_log.read_text().splitlines():
            if line.endswith(f" process_cookie={process_cookie or '-'}"):
                # "upstream=A, B": A failed and B answered (proxy_next_upstream); B is where the request went.
                answered = line.split("upstream=", 1)[1].split(" process_cookie=", 1)[0].split(", ")[-1]
                port = int(answered.rsplit(":", 1)[1]) if answered.startswith("127.0.0.1:") else None
                if port in ports:
                    served.append(ports.index(port))
        return served

    def kill(self, index: int) -> None:
        """SIGKILL one process, as a crash or an out-of-memory kill would end it."""
        self.servers[index].process.kill()
        self.servers[index].process.wait(timeout=10)

    def restart(self, index: int) -> Server:
        """Start process `index` again on its own port (same secret, same tables); return it once healthy."""
        self._restarts += 1
        port = self.ports()[index]
        server = self._stack.enter_context(_app_process(port, self.cookie_secret, self.log_dir,
                                                        f"app-{index}-restart-{self._restarts}.log"))
        self.servers[index] = server
        return server


def _app_process(port: int | None, cookie_secret: str, log_dir: Path, log_name: str):
    env = os.environ.copy()
    env[COOKIE_SECRET_ENV] = cookie_secret
    return serve("app.py", log_name=log_name, env=env, log_dir=log_dir, port=port)


@contextmanager
def cluster(replicas: int, port: int, log_dir: Path, cookie_secret: str | None = None,
            host: str = "127.0.0.1") -> Iterator[Cluster]:
    """`replicas` app processes on free loopback ports, each healthy before nginx starts on host:port."""
    if replicas < 1:
        raise ValueError("at least one app process is needed")
    secret = cookie_secret or os.environ.get(COOKIE_SECRET_ENV) or secrets.token_urlsafe(32)
    log_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="fsot-nginx-") as prefix:
        servers = [stack.enter_context(_app_process(None, secret, log_dir, f"app-{i}.log")) for i in range(replicas)]
        ports = [int(server.base_url.rsplit(":", 1)[1]) for server in servers]
        nginx = stack.enter_context(run_nginx(ports, port, Path(prefix), host))
        try:
            yield Cluster(f"http://{host}:{port}", nginx, servers, secret, log_dir, stack)
        finally:
            for name in ("error.log", "access.log"):  # keep nginx's logs next to the processes' logs
                source = Path(prefix) / "logs" / name
                if source.is_file():
                    shutil.copyfile(source, log_dir / f"nginx-{name}")


def _stop_like_ctrl_c(signum, frame):
    """SIGTERM (systemd, docker stop) ends the run as Ctrl-C does: every process is stopped on the way out."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes (one per core is a good start)")
    parser.add_argument("--port", type=int, default=8501, help="port nginx listens on")
    parser.add_argument("--host", default="0.0.0.0", help="address nginx listens on (the app processes stay on loopback)")
    parser.add_argument("--log-dir", type=Path, default=PROJECT_ROOT / "logs", help="where the processes' logs go")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    try:
        with cluster(args.replicas, args.port, args.log_dir, host=args.host) as running:
            print(f"Serving {args.replicas} app processes (ports {', '.join(map(str, running.ports()))}) "
                  f"behind nginx on http://{args.host}:{args.port}; logs in {args.log_dir}. Ctrl-C stops all.",
                  flush=True)
            while True:
                for i, server in enumerate(running.servers):
                    if server.process.poll() is not None:
                        print(f"app process {i} exited (code {server.process.returncode}); restarting it",
                              file=sys.stderr, flush=True)
                        running.restart(i)
                if running.nginx.process.poll() is not None:
                    print(f"nginx exited (code {running.nginx.process.returncode}); see {args.log_dir}",
                          file=sys.stderr)
                    return 1
                time.sleep(1)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return 0
    except RuntimeError as error:
        print(f"scripts/serve: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
