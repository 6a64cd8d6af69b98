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
    clickhouse_cluster: str = ""  # a ClickHouse cluster's name: local tables on every shard, Distributed in front
    clickhouse_shard_urls: tuple[str, ...] = ()  # with a cluster: each shard's URL, for the migrations
    cluster_kafka_ports: tuple[int, ...] = (19192, 19194, 19196)  # the local cluster's launcher only
    cluster_clickhouse_ports: tuple[int, ...] = (18223, 18225)

    @property
    def kafka_servers(self) -> list[str]:
        """The bootstrap as a list: aiokafka takes a string for one host only."""
        return [server.strip() for server in self.kafka_bootstrap.split(",") if server.strip()]
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


def port_variable(service: str, kind: str) -> str:
    """The variable that moves one port of a service: kind is "grpc" or "metrics"."""
    return f"MOTCUA_{service.upper()}_{kind.upper()}_PORT"


def service_ports() -> dict[str, tuple[int, int]]:
    """(gRPC, metrics) port of each service: MOTCUA_<SERVICE>_GRPC_PORT and _METRICS_PORT, else
    SERVICE_PORTS. `make run`, the demo and every client read them, so one set of variables moves
    the whole suite (the projector has no gRPC port)."""
    return {service: (_bounded(port_variable(service, "grpc"), grpc, 1, 65535) if grpc else 0,
                      _bounded(port_variable(service, "metrics"), metrics, 1, 65535))
            for service, (grpc, metrics) in SERVICE_PORTS.items()}


def service_address(service: str) -> str:
    """Where clients reach `service`: MOTCUA_SERVICES_HOST (127.0.0.1) and its gRPC port."""
    return f"{_str('MOTCUA_SERVICES_HOST', '127.0.0.1')}:{service_ports()[service][0]}"


def load(service: str = "") -> Settings:
    """Settings for `service` (its ports), overridden by MOTCUA_* variables. MOTCUA_GRPC_PORT and
    MOTCUA_METRICS_PORT (one process, as in a container) win over the per-service variables."""
    grpc_default, metrics_default = service_ports().get(service, (0, 0))
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
        clickhouse_cluster=_str("MOTCUA_CLICKHOUSE_CLUSTER", ""),
        clickhouse_shard_urls=tuple(u for u in _str("MOTCUA_CLICKHOUSE_SHARD_URLS", "").split(",") if u),
        cluster_kafka_ports=_ports("MOTCUA_CLUSTER_KAFKA_PORTS", Settings.cluster_kafka_ports, 3),
        cluster_clickhouse_ports=_ports("MOTCUA_CLUSTER_CLICKHOUSE_PORTS", Settings.cluster_clickhouse_ports, 2),
        environment=environment,
    )


def _ports(name: str, default: tuple[int, ...], count: int) -> tuple[int, ...]:
    """`count` comma-separated ports; each server also takes the port after its own."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        ports = tuple(int(p) for p in raw.split(","))
    except ValueError:
        raise ConfigError(f"{name}={raw!r} must be {count} comma-separated ports") from None
    if len(ports) != count or len(set(ports)) != count or not all(1024 < p < 65535 for p in ports):
        raise ConfigError(f"{name}={raw!r} must be {count} distinct ports between 1025 and 65534")
    return ports


AGENCY_KEYS = ("province", "issuer", "center")  # the report's letterhead, MOTCUA_AGENCY_<KEY>
# Who signs and who receives, MOTCUA_AGENCY_<KEY>; SIGNER_TITLE and RECIPIENTS take several lines split by "|".
SIGNATURE_KEYS = ("signer_name", "signer_title", "document_number", "recipients")


@dataclass(frozen=True)
class ReportingEnv:
    """What only the reporting process reads: its schedule, its live page, its letterhead."""
    report_day: int = 1       # day of the month the last month's report is made; 0: never
    report_hour: int = 6
    live_port: int = 8080     # 0: no live page
    live_seconds: int = 15    # how often the live figures and gauges are refreshed
    agency: dict[str, str] = field(default_factory=dict)  # letterhead lines that replace the default ones
    live_stale_seconds: int = 900  # the live page warns when its newest event or refresh is older than this


def load_reporting() -> ReportingEnv:
    return ReportingEnv(
        report_day=_bounded("MOTCUA_REPORT_DAY", ReportingEnv.report_day, 0, 28),
        report_hour=_bounded("MOTCUA_REPORT_HOUR", ReportingEnv.report_hour, 0, 23),
        live_port=_bounded("MOTCUA_LIVE_PORT", ReportingEnv.live_port, 0, 65535),
        live_seconds=_bounded("MOTCUA_LIVE_SECONDS", ReportingEnv.live_seconds, 1, 3600),
        agency={key: value for key in AGENCY_KEYS + SIGNATURE_KEYS
                if (value := os.environ.get(f"MOTCUA_AGENCY_{key.upper()}"))},
        live_stale_seconds=_bounded("MOTCUA_LIVE_STALE_SECONDS", ReportingEnv.live_stale_seconds, 10, 86400),
    )


def _path_or_none(name: str) -> Path | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    path = Path(raw)
    if not path.is_file():
        raise ConfigError(f"{name}={raw!r} is not a readable file")
    return path
