"""deploy/image: the engine is chosen from what the machine has, and image-check mounts the
credentials where the image reads them (the Dockerfile's MOTCUA_CREDENTIALS_FILE)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "image"))
import runners  # noqa: E402

ENGINE = ROOT / "deploy" / "image" / "engine.sh"


def engine(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/bash", str(ENGINE), "run"], env=env, capture_output=True, text=True, timeout=120)


def test_no_engine_on_the_machine_is_a_clear_error(tmp_path):
    result = engine({"PATH": str(tmp_path)})  # an empty folder: no docker, podman or buildah
    assert result.returncode == 1
    assert "no container engine" in result.stderr and "apt-get install buildah" in result.stderr


@pytest.mark.parametrize("daemon_answers, chosen", [(True, "docker"), (False, "")])
def test_docker_counts_only_when_its_daemon_answers(tmp_path, daemon_answers, chosen):
    # A machine with a docker client and nothing else (timeout is what engine.sh calls it with).
    (tmp_path / "timeout").symlink_to(shutil.which("timeout"))
    fake = tmp_path / "docker"
    fake.write_text("#!/bin/sh\n" + ("exit 0\n" if daemon_answers else "echo 'Cannot connect' >&2; exit 1\n"))
    fake.chmod(0o755)
    result = engine({"PATH": str(tmp_path)})
    assert (result.returncode, result.stdout.strip()) == ((0, chosen) if daemon_answers else (1, chosen))


def test_the_engine_can_be_forced():
    assert engine({"PATH": "/usr/bin:/bin", "MOTCUA_IMAGE_ENGINE": "podman"}).stdout.strip() == "podman"


def test_image_check_mounts_the_credentials_where_the_image_reads_them(tmp_path):
    dockerfile = (ROOT / "deploy" / "docker" / "Dockerfile").read_text()
    image_reads = re.search(r"MOTCUA_CREDENTIALS_FILE=(\S+)", dockerfile).group(1)
    credentials = tmp_path / "credentials.json"
    argv = runners.Runner("docker", "motcua/services:dev").command(
        "intake", ["python", "-m", "intake"], {"MOTCUA_GRPC_PORT": "50051"}, credentials)
    assert f"{credentials}:{image_reads}:ro" in argv
    assert argv[-4:] == ["motcua/services:dev", "python", "-m", "intake"]
    assert "MOTCUA_GRPC_PORT=50051" in argv and "--rm" in argv
