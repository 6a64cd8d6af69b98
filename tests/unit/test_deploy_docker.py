"""deploy/docker/Dockerfile and docker-compose.yml: one image for six services, the environment
and ports of docs/conventions.md, healthchecks, pinned images, named volumes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # a test dependency (pyproject.toml [test])

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "check"))
import policy  # noqa: E402


def test_the_dockerfile_copies_what_exists_and_is_not_ignored():
    assert policy.dockerfile_problems() == []


def test_the_healthcheck_reports_an_unreachable_service_as_unhealthy(tmp_path):
    from tests.conftest import free_port_pair

    env = {"PATH": "/usr/bin:/bin", "MOTCUA_GRPC_PORT": str(free_port_pair())}
    result = subprocess.run([sys.executable, str(ROOT / "deploy" / "docker" / "healthcheck.py")],
                            env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "UNAVAILABLE" in result.stderr


def test_compose_follows_the_conventions():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert policy.compose_problems(compose) == []


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed (apt-get install docker-compose)")
def test_docker_compose_validates_the_file_without_an_engine():
    result = subprocess.run(["docker-compose", "-f", "docker-compose.yml", "config", "-q"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("change, problem", [
    (lambda text: text.replace("COPY deploy/reference ./deploy/reference",
                               "COPY deploy/reference ./deploy/reference\nCOPY deploy/credentials ./deploy/credentials"),
     "COPY deploy/credentials"),
    (lambda text: text.replace("MOTCUA_ENV=production", "MOTCUA_ENV=development"), "MOTCUA_ENV=production"),
])
def test_a_dockerfile_that_would_carry_or_accept_the_development_tokens_is_reported(tmp_path, change, problem):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(change((ROOT / "deploy" / "docker" / "Dockerfile").read_text()))
    assert any(problem in p for p in policy.dockerfile_problems(dockerfile))
