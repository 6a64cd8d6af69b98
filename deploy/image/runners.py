"""Running one process of the image, with whatever engine runs containers here.

docker and podman run the image as a container (`run --rm --network host`). Where neither can (no
daemon; podman without cgroups or rlimits), buildah makes a working container of the image and runs
the process in it with chroot isolation: the image's filesystem, user, working directory and
environment, the host's network. Every container is named `motcua-imagecheck-<our pid>-<role>`, so a
later run removes what an interrupted one left and nothing else.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

PREFIX = "motcua-imagecheck-"
CREDENTIALS_PATH = "/etc/motcua/credentials/credentials.json"  # the image's MOTCUA_CREDENTIALS_FILE


class EngineError(RuntimeError):
    pass


def _run(argv: list[str], timeout: float = 120) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise EngineError(f"`{' '.join(argv[:4])} ...` failed ({result.returncode}): {result.stderr.strip()[-800:]}")
    return result.stdout


class Runner:
    """One engine. `command` is the argv that runs a process in the image, in the foreground."""

    def __init__(self, engine: str, image: str) -> None:
        self.engine, self.image = engine, image
        self.containers: list[str] = []  # buildah working containers to remove at the end

    def name(self, role: str) -> str:
        return f"{PREFIX}{os.getpid()}-{role}"

    def image_present(self) -> bool:
        kind = ["inspect", "--type", "image"] if self.engine == "buildah" else ["image", "inspect"]
        return subprocess.run([self.engine, *kind, self.image], capture_output=True).returncode == 0

    def command(self, role: str, argv: list[str], env: dict[str, str], credentials: Path | None) -> list[str]:
        env_flags = [flag for key, value in env.items() for flag in ("--env", f"{key}={value}")]
        if self.engine in ("docker", "podman"):
            mount = ["--volume", f"{credentials}:{CREDENTIALS_PATH}:ro"] if credentials else []
            return [self.engine, "run", "--rm", "--name", self.name(role), "--network", "host",
                    *mount, *env_flags, self.image, *argv]
        container = self.name(role)
        if container not in self.containers:
            _run(["buildah", "from", "--pull=never", "--name", container, self.image])
            self.containers.append(container)
            if credentials:  # into the working container only, never into the image
                _run(["buildah", "copy", "--chmod", "0444", container, str(credentials), CREDENTIALS_PATH])
        return ["buildah", "run", "--isolation", "chroot", "--network", "host", *env_flags, container, "--", *argv]

    def exec_command(self, role: str, argv: list[str], env: dict[str, str]) -> list[str]:
        """A second process in the running container of `role` (the image's healthcheck)."""
        env_flags = [flag for key, value in env.items() for flag in ("--env", f"{key}={value}")]
        if self.engine in ("docker", "podman"):
            return [self.engine, "exec", *env_flags, self.name(role), *argv]
        return ["buildah", "run", "--isolation", "chroot", "--network", "host", *env_flags, self.name(role), "--", *argv]

    def stop(self, role: str) -> None:
        """Ask the engine to stop the container (buildah: the caller signals the process)."""
        if self.engine in ("docker", "podman"):
            subprocess.run([self.engine, "stop", "--time", "10", self.name(role)], capture_output=True, timeout=60)

    def remove_all(self) -> None:
        for container in self.containers:
            subprocess.run(["buildah", "rm", container], capture_output=True, timeout=60)
        self.containers.clear()

    def remove_leftovers(self) -> list[str]:
        """Containers of earlier runs whose process is gone (interrupted runs): removed."""
        if self.engine == "buildah":
            names = _run(["buildah", "containers", "--format", "{{.ContainerName}}"]).split()
        else:
            names = _run([self.engine, "ps", "-a", "--format", "{{.Names}}"]).split()
        removed = []
        for name in names:
            match = re.match(rf"{PREFIX}(\d+)-", name)
            if match and not os.path.exists(f"/proc/{match.group(1)}"):
                remove = ["buildah", "rm", name] if self.engine == "buildah" else [self.engine, "rm", "-f", name]
                subprocess.run(remove, capture_output=True, timeout=60)
                removed.append(name)
        return removed
