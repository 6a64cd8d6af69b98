"""The one place that reads the environment. Defaults point at the local stack on loopback."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

SERVICE_PORTS = {  # name: (grpc port, metrics port); see docs/conventions.md
    "intake": (50051, 9101),
    "processing": (50052, 9102),
    "payment": (50053, 9103),
    "survey": (50054, 9104),
    "projector": (0, 9105),
    "reporting": (50055, 9106),
}


ENVIRONMENTS = ("production", "development")


class ConfigError(ValueError):
    """A setting is present but unusable: fail at start, not at the first request."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if value < 0:
        raise ConfigError(f"{name}={raw!r} must not be negative")
    return value


def _str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _bounded(name: str, default: int, low: int, high: int) -> int:
    value = _int(name, default)
    if not low <= value <= high:
        raise ConfigError(f"{name}={os.environ[name]!r} must be between {low} and {high}")
    return value


@dataclass(frozen=True)
class Settings:
    kafka_bootstrap: str = "127.0.0.1:19092"
    clickhouse_url: str = "http://127.0.0.1:18123"
    clickhouse_database: str = "motcua"
    clickhouse_user: str = "default"
    clickhouse_password: str = field(default="", repr=False)
    topic_prefix: str = "motcua"
    reference_dir: Path = REPO_ROOT / "deploy" / "reference"
    state_dir: Path = REPO_ROOT / ".motcua"
    cache_dir: Path = Path.home() / ".cache" / "motcua"
    grpc_host: str = "127.0.0.1"
    grpc_port: int = 0
    metrics_port: int = 0
    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None
    tls_ca_file: Path | None = None  # clients: the CA that signed the services' certificate
    credentials_file: Path = REPO_ROOT / "deploy" / "credentials" / "dev.json"
    client_token: str = field(default="", repr=False)  # clients (motcua import): the bearer token
    # production unless told otherwise: only development accepts the public tokens of dev.json
    environment: str = "production"

    @property
    def development(self) -> bool:
        return self.environment == "development"

    def topic(self, service: str) -> str:
        return f"{self.topic_prefix}.{service}.v1"

    @property
    def dead_letter_topic(self) -> str:
        return self.topic("deadletter")

    @property
    def command_topics(self) -> list[str]:
        return [self.topic(s) for s in ("intake", "processing", "payment", "survey")]


def load(service: str = "") -> Settings:
    """Settings for `service` (its default ports), overridden by MOTCUA_* variables."""
    grpc_default, metrics_default = SERVICE_PORTS.get(service, (0, 0))
    url = _str("MOTCUA_CLICKHOUSE_URL", Settings.clickhouse_url)
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"MOTCUA_CLICKHOUSE_URL={url!r} must start with http:// or https://")
    environment = _str("MOTCUA_ENV", Settings.environment)
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"MOTCUA_ENV={environment!r} must be one of {', '.join(ENVIRONMENTS)}")
    bootstrap = _str("MOTCUA_KAFKA_BOOTSTRAP", Settings.kafka_bootstrap)
    if ":" not in bootstrap:
        raise ConfigError(f"MOTCUA_KAFKA_BOOTSTRAP={bootstrap!r} must be host:port[,host:port]")
    return Settings(
        kafka_bootstrap=bootstrap,
        clickhouse_url=url,
        clickhouse_database=_str("MOTCUA_CLICKHOUSE_DATABASE", Settings.clickhouse_database),
        clickhouse_user=_str("MOTCUA_CLICKHOUSE_USER", Settings.clickhouse_user),
        clickhouse_password=os.environ.get("MOTCUA_CLICKHOUSE_PASSWORD", ""),
        topic_prefix=_str("MOTCUA_TOPIC_PREFIX", Settings.topic_prefix),
        reference_dir=Path(_str("MOTCUA_REFERENCE_DIR", str(Settings.reference_dir))),
        state_dir=Path(_str("MOTCUA_STATE_DIR", str(Settings.state_dir))),
        cache_dir=Path(_str("MOTCUA_CACHE_DIR", str(Settings.cache_dir))),
        grpc_host=_str("MOTCUA_GRPC_HOST", Settings.grpc_host),
        grpc_port=_int("MOTCUA_GRPC_PORT", grpc_default),
        metrics_port=_int("MOTCUA_METRICS_PORT", metrics_default),
        tls_cert_file=_path_or_none("MOTCUA_TLS_CERT_FILE"),
        tls_key_file=_path_or_none("MOTCUA_TLS_KEY_FILE"),
        tls_ca_file=_path_or_none("MOTCUA_TLS_CA_FILE"),
        credentials_file=Path(_str("MOTCUA_CREDENTIALS_FILE", str(Settings.credentials_file))),
        client_token=os.environ.get("MOTCUA_TOKEN", ""),
        environment=environment,
    )


AGENCY_KEYS = ("province", "issuer", "center")  # the report's letterhead, MOTCUA_AGENCY_<KEY>


@dataclass(frozen=True)
class ReportingEnv:
    """What only the reporting process reads: its schedule, its live page, its letterhead."""
    report_day: int = 1       # day of the month the last month's report is made; 0: never
    report_hour: int = 6
    live_port: int = 8080     # 0: no live page
    live_seconds: int = 15    # how often the live figures and gauges are refreshed
    agency: dict[str, str] = field(default_factory=dict)  # letterhead lines that replace the default ones


def load_reporting() -> ReportingEnv:
    return ReportingEnv(
        report_day=_bounded("MOTCUA_REPORT_DAY", ReportingEnv.report_day, 0, 28),
        report_hour=_bounded("MOTCUA_REPORT_HOUR", ReportingEnv.report_hour, 0, 23),
        live_port=_bounded("MOTCUA_LIVE_PORT", ReportingEnv.live_port, 0, 65535),
        live_seconds=_bounded("MOTCUA_LIVE_SECONDS", ReportingEnv.live_seconds, 1, 3600),
        agency={key: value for key in AGENCY_KEYS if (value := os.environ.get(f"MOTCUA_AGENCY_{key.upper()}"))},
    )


def _path_or_none(name: str) -> Path | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    path = Path(raw)
    if not path.is_file():
        raise ConfigError(f"{name}={raw!r} is not a readable file")
    return path
