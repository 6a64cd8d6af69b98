"""The public development tokens (deploy/credentials/dev.json) are accepted in development only:
anywhere else a service refuses to start with them, whatever the file is called."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from motcua import config
from motcua.auth import load_for_service, new_credential
from motcua.catalog import Catalog
from motcua.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]
DEV_JSON = ROOT / "deploy" / "credentials" / "dev.json"
DEPARTMENTS = [d.code for d in Catalog.load().departments]


def settings_for(monkeypatch, environment: str | None, credentials: Path) -> config.Settings:
    if environment is None:
        monkeypatch.delenv("MOTCUA_ENV", raising=False)
    else:
        monkeypatch.setenv("MOTCUA_ENV", environment)
    monkeypatch.setenv("MOTCUA_CREDENTIALS_FILE", str(credentials))
    return config.load("intake")


def bearer(token: str) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {token}")]


def test_without_being_told_a_service_runs_in_production(monkeypatch):
    assert settings_for(monkeypatch, None, DEV_JSON).environment == "production"
    assert settings_for(monkeypatch, "development", DEV_JSON).development


def test_an_unknown_environment_is_a_configuration_error(monkeypatch):
    with pytest.raises(ConfigError, match="MOTCUA_ENV='staging'"):
        settings_for(monkeypatch, "staging", DEV_JSON)


def test_production_refuses_the_development_file_and_says_what_to_do(monkeypatch):
    with pytest.raises(ConfigError) as refused:
        load_for_service(settings_for(monkeypatch, None, DEV_JSON), DEPARTMENTS)
    message = str(refused.value)
    assert "dev-center" in message and "MOTCUA_CREDENTIALS_FILE" in message and "MOTCUA_ENV=development" in message


def test_development_accepts_the_development_file(monkeypatch):
    credentials = load_for_service(settings_for(monkeypatch, "development", DEV_JSON), DEPARTMENTS)
    assert credentials.principal(bearer("dev-center")).scope == "center"


def test_a_renamed_copy_of_the_development_file_is_refused_too(monkeypatch, tmp_path):
    copy = tmp_path / "credentials.json"
    shutil.copy(DEV_JSON, copy)
    with pytest.raises(ConfigError, match="public development tokens"):
        load_for_service(settings_for(monkeypatch, "production", copy), DEPARTMENTS)


def test_one_public_department_token_among_real_ones_is_refused(monkeypatch, tmp_path):
    _, real = new_credential("center", "center")
    # The README's token for the TU_PHAP department, hashed here rather than taken from the code.
    public = {"principal": "tu_phap", "scope": "department", "department": "TU_PHAP",
              "token_sha256": hashlib.sha256(b"dev-TU_PHAP").hexdigest()}
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps({"credentials": [real, public]}))
    with pytest.raises(ConfigError, match="dev-TU_PHAP"):
        load_for_service(settings_for(monkeypatch, "production", path), DEPARTMENTS)


def test_production_accepts_a_file_of_private_tokens(monkeypatch, tmp_path):
    token, entry = new_credential("center", "center")
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps({"credentials": [entry]}))
    credentials = load_for_service(settings_for(monkeypatch, "production", path), DEPARTMENTS)
    assert credentials.principal(bearer(token)).name == "center"
    assert credentials.principal(bearer("dev-center")) is None


@pytest.mark.parametrize("service", ["intake", "reporting"])
def test_the_service_process_stops_at_start_in_production_with_the_development_file(service):
    # Kafka and ClickHouse point at a closed port: the refusal must come before either is touched.
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_CREDENTIALS_FILE": str(DEV_JSON),
           "MOTCUA_KAFKA_BOOTSTRAP": "127.0.0.1:1", "MOTCUA_CLICKHOUSE_URL": "http://127.0.0.1:1",
           "MOTCUA_GRPC_PORT": "0", "MOTCUA_METRICS_PORT": "0", "MOTCUA_LIVE_PORT": "0"}
    result = subprocess.run([sys.executable, "-m", service], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert f"{service}: configuration error" in result.stderr and "public development tokens" in result.stderr
