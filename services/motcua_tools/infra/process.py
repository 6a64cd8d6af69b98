"""Start, watch and stop a local server process by its pid file, with its log kept for errors."""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


class InfraError(RuntimeError):
    """A local server could not be started or stopped; the message says why and what to do."""


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


_HANDED_OUT: set[int] = set()


def ephemeral_floor() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port_pairs(count: int) -> list[int]:
    """Distinct random ports p with p and p+1 free (our servers listen on two neighbouring ports),
    below the ephemeral range: while a server restarts, a client reconnecting to its port must not
    be handed that very port as its own (a TCP self-connect holds it and the server cannot bind).
    Random, so several test sessions and benches on one machine do not collide."""
    found: list[int] = []
    for _ in range(200 * count):
        port = random.randrange(10000, ephemeral_floor() - 2, 2)
        if port not in found and port not in _HANDED_OUT and port_is_free(port) and port_is_free(port + 1):
            found.append(port)
            if len(found) == count:
                _HANDED_OUT.update(found)
                return found
    raise InfraError("not enough free pairs of ports on loopback")


def free_port_pair() -> int:
    return free_port_pairs(1)[0]


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return "(no log written)"
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); reap it if it is ours.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


@dataclass
class ManagedProcess:
    """One server: how to start it, where its pid and log live, and when it is ready."""

    name: str
    workdir: Path
    ports: tuple[int, ...]
    variables: tuple[str, ...] = ()  # the setting that moves each port, named when the port is taken
    log_dir: Path | None = None      # default: workdir

    @property
    def pid_file(self) -> Path:
        return self.workdir / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return (self.log_dir or self.workdir) / f"{self.name}.log"

    def running_pid(self) -> int | None:
        if not self.pid_file.exists():
            return None
        try:
            pid = int(self.pid_file.read_text().strip())
        except ValueError:
            return None
        return pid if pid_alive(pid) else None

    def start(self, argv: list[str], ready: Callable[[], bool], timeout: float,
              env: dict[str, str] | None = None, cwd: Path | None = None) -> int:
        pid = self.running_pid()
        if pid is not None:
            if ready():
                return pid
            raise InfraError(f"{self.name} has pid {pid} but is not answering; run `make down` first")
        for index, port in enumerate(self.ports):
            if not port_is_free(port):
                variable = self.variables[index] if index < len(self.variables) else ""
                raise InfraError(f"port {port} for {self.name} is taken by another process; "
                                 + (f"set {variable} to move it" if variable else "stop it or choose other ports"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=cwd or self.workdir, env=env, start_new_session=True)
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise InfraError(f"{self.name} exited early with code {proc.returncode}; "
                                 f"last lines of {self.log_file}:\n{tail(self.log_file)}")
            if ready():
                return proc.pid
            time.sleep(0.25)
        self.stop()
        raise InfraError(f"{self.name} was not ready after {timeout:.0f}s; "
                         f"last lines of {self.log_file}:\n{tail(self.log_file)}")

    def stop(self, graceful: Callable[[], None] | None = None, timeout: float = 20.0) -> bool:
        """Stop by pid: the graceful hook (or SIGTERM) first, SIGKILL after the timeout."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        if graceful is not None:
            try:
                graceful()
            except Exception:  # the process may already be half down; fall back to signals
                pass
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and pid_alive(pid):
            time.sleep(0.2)
        if pid_alive(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.pid_file.unlink(missing_ok=True)
        return True
