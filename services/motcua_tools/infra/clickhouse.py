"""A local ClickHouse 26.9 served over HTTP from the chdb-core wheel, on loopback."""
from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from motcua.config import Settings
from motcua_tools.infra.clickhouse_server import KEEPALIVE_MARK
from motcua_tools.infra.process import InfraError, ManagedProcess


def _http_port(settings: Settings) -> int:
    url = urlparse(settings.clickhouse_url)
    if url.hostname not in ("127.0.0.1", "localhost"):
        raise InfraError(f"the local ClickHouse listens on loopback only, not {url.hostname}")
    return url.port or 8123


def ping(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def process(settings: Settings) -> ManagedProcess:
    http = _http_port(settings)
    return ManagedProcess("clickhouse", settings.state_dir / "clickhouse", (http, http + 1),
                          ("MOTCUA_CLICKHOUSE_URL", "MOTCUA_CLICKHOUSE_URL (the native port is its port + 1)"),
                          settings.state_dir / "logs")


def start(settings: Settings, timeout: float = 60.0) -> int:
    proc = process(settings)
    http, tcp = proc.ports
    argv = [sys.executable, "-m", "motcua_tools.infra.clickhouse_server", "--workdir", str(proc.workdir),
            "--http-port", str(http), "--tcp-port", str(tcp)]
    return proc.start(argv, ready=lambda: ping(http), timeout=timeout)


def kill_keepalive(port: int) -> None:
    sql = (f"KILL QUERY WHERE query LIKE '%{KEEPALIVE_MARK}%' "
           "AND query NOT LIKE '%KILL QUERY%' SYNC").encode()
    # A POST: KILL is not allowed over a read-only GET.
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/", data=sql), timeout=10).read()


def _running_port(proc: ManagedProcess) -> int:
    """The HTTP port the server in this state folder was started on (its config.xml), which the
    settings of a later `stop` may no longer name: never stop another server's keep-alive."""
    found = re.search(r"<http_port>(\d+)</http_port>", _read(proc.workdir / "config.xml"))
    return int(found.group(1)) if found else proc.ports[0]


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def stop(settings: Settings) -> bool:
    proc = process(settings)
    return proc.stop(graceful=lambda: kill_keepalive(_running_port(proc)), timeout=15)
