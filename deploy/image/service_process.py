"""One service of the image as a process of ours: started through the engine, probed from outside as
Kubernetes would (gRPC health, or the projector's /metrics), and stopped by its pid."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from motcua_tools.infra.process import port_is_free
from motcua_tools.stack import grpc_serving, metrics_answer
from runners import Runner

HEALTHCHECK = ["python", "/app/deploy/docker/healthcheck.py"]  # the Dockerfile's HEALTHCHECK


class Service:
    def __init__(self, name: str, runner: Runner, role: str, common_env: dict[str, str], port: int,
                 credentials: Path | None, work: Path) -> None:
        self.name, self.runner, self.role, self.credentials = name, runner, role, credentials
        # the projector has no gRPC port: its /metrics tells it is up
        self.grpc_port, self.metrics_port = (0, port) if name == "projector" else (port, port + 1)
        self.env = {**common_env, "MOTCUA_GRPC_PORT": str(self.grpc_port), "MOTCUA_METRICS_PORT": str(self.metrics_port)}
        self.log = work / f"{role}.log"
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.healthy = False
        self.probe_failed = False  # grpc_health_probe disagreed with the Python client

    @property
    def ports(self) -> tuple[int, ...]:
        return tuple(p for p in (self.grpc_port, self.metrics_port) if p)

    def start(self) -> None:
        argv = self.runner.command(self.role, ["python", "-m", self.name], self.env, self.credentials)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)  # its own group: stopped as one
        self.started = time.monotonic()

    def answers(self) -> bool:
        return grpc_serving(self.grpc_port) if self.grpc_port else metrics_answer(self.metrics_port)

    def wait_healthy(self, timeout: float) -> float | None:
        """Seconds from start to health; None when it exited or did not answer in time."""
        while time.monotonic() - self.started < timeout and self.proc.poll() is None:
            if self.answers():
                self.healthy = True
                return time.monotonic() - self.started
            time.sleep(0.5)
        return None

    def exit_code(self, timeout: float) -> int | None:
        """Start, and wait for the process to end by itself: its exit code, None if it kept running."""
        self.start()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            self.stop()

    def probe_description(self) -> str:
        if not self.grpc_port:
            return f"GET /metrics on {self.metrics_port}: 200"
        # Kubernetes' own probe when installed (the Go module builds grpc-health-probe; releases ship grpc_health_probe)
        probe = shutil.which("grpc_health_probe") or shutil.which("grpc-health-probe")
        if probe is None:
            return f"gRPC health on {self.grpc_port}: SERVING (Python client; grpc_health_probe not installed)"
        result = subprocess.run([probe, f"-addr=127.0.0.1:{self.grpc_port}"], capture_output=True, text=True, timeout=30)
        self.probe_failed = result.returncode != 0
        return f"{Path(probe).name} -addr=127.0.0.1:{self.grpc_port}: {(result.stdout + result.stderr).strip()}"

    def image_healthcheck(self) -> int:
        argv = self.runner.exec_command(self.role, HEALTHCHECK, self.env)
        return subprocess.run(argv, capture_output=True, timeout=120).returncode

    def stop(self) -> str:
        """How it ended: 'SIGTERM after 0.6s' (graceful), 'SIGKILL ...', or 'had exited'."""
        if self.proc is None or self.proc.poll() is not None:
            return "had exited"
        began = time.monotonic()
        self.runner.stop(self.role)  # docker, podman: the engine stops the container
        # buildah answers a SIGTERM by killing its child: the service itself gets the SIGTERM, so it
        # stops as in production (health NOT_SERVING, in-flight calls finish, producer flushed).
        for pid in _leaves(self.proc.pid):
            _signal(lambda: os.kill(pid, signal.SIGTERM))
        for how, wait in (("SIGTERM", 20), ("group SIGTERM", 5), ("group SIGKILL", 10)):
            if how != "SIGTERM":  # our own process group, by the pid we started
                _signal(lambda: os.killpg(self.proc.pid, signal.SIGKILL if "KILL" in how else signal.SIGTERM))
            try:
                self.proc.wait(wait)
                return f"{how} after {time.monotonic() - began:.1f}s"
            except subprocess.TimeoutExpired:
                continue
        return f"still there after {time.monotonic() - began:.1f}s"

    def port_free(self, port: int) -> bool:
        return port_is_free(port)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def last_line(self, containing: str = "") -> str:
        """The log's last line (containing `containing`, when one does): what a reader needs first."""
        lines = [line for line in self.log_text().splitlines() if line.strip()]
        lines = [line for line in lines if containing in line] or lines
        return lines[-1][-400:] if lines else "(empty log)"


def _signal(send) -> None:
    try:
        send()
    except ProcessLookupError:
        pass


def _leaves(pid: int) -> list[int]:
    """The processes under `pid` that have no children of their own: the service in the container."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    if not children:
        return [pid]
    return [leaf for child in children for leaf in _leaves(child)]
