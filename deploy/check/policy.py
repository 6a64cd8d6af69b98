"""What the deployment files must say beyond their schemas: the ports, names and rules of
docs/conventions.md and of the issue (gRPC probes, resources, HPA for the stateless services only,
projector replicas <= partitions, replicated topics, healthchecks, pinned images, alert coverage).

Each check takes parsed documents and returns a list of problems (empty: fine). The unit tests
(tests/unit/test_deploy_*.py) and deploy/check/run.sh (`python policy.py`, deploy tools' Python) share them.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contract  # noqa: E402

ROOT = contract.ROOT
SERVICES = ("intake", "processing", "payment", "survey", "projector", "reporting")
GRPC_SERVICES = tuple(s for s in SERVICES if s != "projector")
COMMAND_TOPICS = {f"motcua.{s}.v1" for s in ("intake", "processing", "payment", "survey")}


def load_yaml_documents(text: str) -> list[dict]:
    import yaml

    return [d for d in yaml.safe_load_all(text) if d]


def pinned(image: str) -> bool:
    name, _, tag = image.rpartition(":")
    return bool(name) and "/" not in tag and tag not in ("", "latest")


# --- docker-compose.yml ------------------------------------------------------------------------

def compose_problems(compose: dict) -> list[str]:
    problems, services = [], compose.get("services", {})
    ports = contract.service_ports()
    for name in ("kafka", "clickhouse", "prometheus", "grafana", *SERVICES):
        if name not in services:
            problems.append(f"compose: no service {name}")
    for name, service in services.items():
        image = service.get("image", "")
        if "build" not in service and not pinned(image):
            problems.append(f"compose: {name}: image {image!r} is not pinned to a tag")
        if service.get("restart") != "no" and "healthcheck" not in service:
            problems.append(f"compose: {name}: no healthcheck")
    if not services.get("kafka", {}).get("image", "").startswith("apache/kafka:4."):
        problems.append("compose: kafka must be apache/kafka:4.x (KRaft)")
    if not services.get("clickhouse", {}).get("image", "").startswith("clickhouse/clickhouse-server:"):
        problems.append("compose: clickhouse must be clickhouse/clickhouse-server")
    builds = set()
    for name in SERVICES:
        service = services.get(name, {})
        build = service.get("build", {})
        builds.add((build.get("context"), build.get("dockerfile")))
        if service.get("command") != ["python", "-m", name]:
            problems.append(f"compose: {name}: command must be python -m {name}")
        env = {k: str(v) for k, v in (service.get("environment") or {}).items()}
        grpc_port, metrics_port = ports[name]
        expected = {"MOTCUA_KAFKA_BOOTSTRAP": "kafka:9092", "MOTCUA_CLICKHOUSE_URL": "http://clickhouse:8123",
                    "MOTCUA_GRPC_HOST": "0.0.0.0", "MOTCUA_METRICS_PORT": str(metrics_port),
                    "MOTCUA_GRPC_PORT": str(grpc_port)}
        for key, value in expected.items():
            if env.get(key) != value:
                problems.append(f"compose: {name}: {key}={env.get(key)!r}, expected {value!r}")
        depends = service.get("depends_on") or {}
        for dependency in ("kafka", "clickhouse"):
            if (depends.get(dependency) or {}).get("condition") != "service_healthy":
                problems.append(f"compose: {name}: depends_on {dependency} without condition service_healthy")
    if len(builds) != 1 or None in next(iter(builds), (None,)):
        problems.append(f"compose: the six services must share one build (one Dockerfile): {builds}")
    else:
        dockerfile = ROOT / next(iter(builds))[1]
        if not dockerfile.is_file():
            problems.append(f"compose: {dockerfile} does not exist")
    volumes = compose.get("volumes") or {}
    for name, path in (("kafka", "/var/lib/kafka/data"), ("clickhouse", "/var/lib/clickhouse"),
                       ("prometheus", "/prometheus"), ("grafana", "/var/lib/grafana")):
        mounts = [str(v) for v in services.get(name, {}).get("volumes", [])]
        if not any(m.endswith(":" + path) and m.split(":")[0] in volumes for m in mounts):
            problems.append(f"compose: {name}: no named volume on {path}")
    return problems


# --- deploy/docker/Dockerfile ------------------------------------------------------------------

def dockerfile_problems(dockerfile: Path = ROOT / "deploy" / "docker" / "Dockerfile",
                        dockerignore: Path = ROOT / ".dockerignore") -> list[str]:
    problems, text = [], dockerfile.read_text()
    if not re.search(r"^FROM python:3\.11-slim\b", text, flags=re.M):
        problems.append("Dockerfile: must build FROM python:3.11-slim")
    ignored = [line.strip() for line in dockerignore.read_text().splitlines()
               if line.strip() and not line.startswith("#") and not line.startswith("!")]
    for source in re.findall(r"^COPY\s+(?:--\S+\s+)?(\S+)\s+\S+\s*$", text, flags=re.M):
        if not (ROOT / source).exists():
            problems.append(f"Dockerfile: COPY {source}: no such path")
        if any(source == pattern or source.startswith(pattern.rstrip("/") + "/") for pattern in ignored):
            problems.append(f"Dockerfile: COPY {source}: excluded by .dockerignore")
    if re.search(r"^COPY\s+(?:--\S+\s+)?deploy/credentials\b", text, flags=re.M):
        problems.append("Dockerfile: COPY deploy/credentials: the image must carry no development credentials")
    if "deploy/credentials" not in ignored:
        problems.append(".dockerignore: must exclude deploy/credentials (the public development tokens)")
    if not re.search(r"\bMOTCUA_ENV=production\b", text):
        problems.append("Dockerfile: must set MOTCUA_ENV=production (the services then refuse the public tokens)")
    if "USER" not in text.split("CMD")[0]:
        problems.append("Dockerfile: the services must not run as root (USER)")
    for name in SERVICES:
        if not (ROOT / "services" / name / "__main__.py").is_file():
            problems.append(f"Dockerfile: python -m {name} has no services/{name}/__main__.py")
    return problems


# --- deploy/prometheus --------------------------------------------------------------------------

def prometheus_problems(config: dict, rules: dict, rule_tests: dict) -> list[str]:
    problems, ports = [], contract.service_ports()
    jobs = {job["job_name"]: [t for sc in job.get("static_configs", []) for t in sc.get("targets", [])]
            for job in config.get("scrape_configs", [])}
    for name in SERVICES:
        expected = f"{name}:{ports[name][1]}"
        if jobs.get(name) != [expected]:
            problems.append(f"prometheus.yml: job {name} must scrape {expected}, has {jobs.get(name)}")
    if "alerts.yml" not in [Path(p).name for p in config.get("rule_files", [])]:
        problems.append("prometheus.yml: alerts.yml is not in rule_files")
    allowed, tested = contract.contract_metrics(), {
        case.get("alertname") for test in rule_tests.get("tests", []) for case in test.get("alert_rule_test", [])}
    names = []
    for group in rules.get("groups", []):
        for rule in group.get("rules", []):
            name = rule.get("alert") or rule.get("record")
            names.append(name)
            unknown = contract.promql_metric_names(str(rule.get("expr", ""))) - allowed
            if unknown:
                problems.append(f"alerts.yml: {name}: metrics not in docs/conventions.md: {sorted(unknown)}")
            if rule.get("alert"):
                if rule.get("labels", {}).get("severity") not in ("critical", "warning", "info"):
                    problems.append(f"alerts.yml: {name}: severity must be critical, warning or info")
                if not {"summary", "description"} <= set(rule.get("annotations", {})):
                    problems.append(f"alerts.yml: {name}: needs summary and description annotations")
                if name not in tested:
                    problems.append(f"alerts.yml: {name}: no promtool test in deploy/prometheus/tests")
    if len(names) != len(set(names)):
        problems.append("alerts.yml: rule names repeat")
    return problems


# --- k8s ---------------------------------------------------------------------------------------

def kustomize_command() -> list[str] | None:
    for candidate in (shutil.which("kustomize"), str(Path.home() / "go" / "bin" / "kustomize")):
        if candidate and Path(candidate).is_file():
            return [candidate, "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


def kustomize_build(directory: Path) -> list[dict]:
    command = kustomize_command()
    if command is None:
        raise FileNotFoundError("neither kustomize nor kubectl is installed")
    built = subprocess.run([*command, str(directory)], capture_output=True, text=True, check=True)
    return load_yaml_documents(built.stdout)


def by_kind(resources: list[dict], kind: str) -> dict[str, dict]:
    return {r["metadata"]["name"]: r for r in resources if r.get("kind") == kind}


def k8s_problems(resources: list[dict], overlay: str) -> list[str]:
    problems, ports = [], contract.service_ports()
    deployments, hpas = by_kind(resources, "Deployment"), by_kind(resources, "HorizontalPodAutoscaler")
    hpa_targets = {h["spec"]["scaleTargetRef"]["name"]: h for h in hpas.values()}
    for name in SERVICES:
        deployment = deployments.get(name)
        if deployment is None:
            problems.append(f"{overlay}: no Deployment {name}")
            continue
        container = next(c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == name)
        if container.get("command") != ["python", "-m", name]:
            problems.append(f"{overlay}: {name}: command must be python -m {name}")
        resources_ = container.get("resources", {})
        if not {"cpu", "memory"} <= set(resources_.get("requests", {})) or "memory" not in resources_.get("limits", {}):
            problems.append(f"{overlay}: {name}: needs cpu and memory requests and a memory limit")
        grpc_port = ports[name][0]
        if name in GRPC_SERVICES:
            for probe in ("readinessProbe", "livenessProbe"):
                if container.get(probe, {}).get("grpc", {}).get("port") != grpc_port:
                    problems.append(f"{overlay}: {name}: {probe} must be a gRPC probe on {grpc_port}")
            hpa = hpa_targets.get(name)
            if hpa is None:
                problems.append(f"{overlay}: {name}: no HorizontalPodAutoscaler")
            elif not 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]:
                problems.append(f"{overlay}: {name}: HPA min/max replicas out of order")
        elif name in hpa_targets:
            problems.append(f"{overlay}: {name}: scales by partitions, not by an HPA")
        env = {e["name"]: e.get("value") for e in container.get("env", [])}
        if env.get("MOTCUA_METRICS_PORT") != str(ports[name][1]):
            problems.append(f"{overlay}: {name}: MOTCUA_METRICS_PORT must be {ports[name][1]}")
    configmap = next((c for n, c in by_kind(resources, "ConfigMap").items() if n.startswith("motcua-env")), None)
    if configmap is None:
        problems.append(f"{overlay}: no motcua-env ConfigMap")
        return problems
    data = configmap["data"]
    if data.get("MOTCUA_GRPC_HOST") != "0.0.0.0":
        problems.append(f"{overlay}: MOTCUA_GRPC_HOST must be 0.0.0.0 (probes and scrapes come from outside)")
    problems += _credentials(resources, deployments, data, overlay)
    if overlay != "base":
        problems += _addresses_resolve(resources, data, overlay)
    topics = {t["spec"].get("topicName", n): t for n, t in by_kind(resources, "KafkaTopic").items()}
    if topics:
        problems += _replicated_topics(resources, topics, deployments.get("projector"), overlay)
    if overlay == "production":
        pdbs = {p["spec"]["selector"]["matchLabels"].get("app.kubernetes.io/name")
                for p in by_kind(resources, "PodDisruptionBudget").values()}
        problems += [f"{overlay}: {name}: no PodDisruptionBudget" for name in SERVICES if name not in pdbs]
        if not topics:
            problems.append(f"{overlay}: no Strimzi KafkaTopic resources")
        if not by_kind(resources, "ClickHouseInstallation"):
            problems.append(f"{overlay}: no Altinity ClickHouseInstallation")
    return problems


CREDENTIALS_DIR = "/etc/motcua/credentials"  # where the motcua-credentials Secret is mounted
DEV_JSON = ROOT / "deploy" / "credentials" / "dev.json"


def public_token_hashes() -> set[str]:
    """SHA-256 of the public development tokens listed in deploy/credentials/README.md."""
    codes = [d["code"] for d in json.loads((ROOT / "deploy" / "reference" / "departments.json").read_text())]
    tokens = ["dev-center", "dev-admin", "dev-reader", *(f"dev-{code}" for code in codes)]
    return {hashlib.sha256(token.encode()).hexdigest() for token in tokens}


def _credentials(resources: list[dict], deployments: dict, data: dict, overlay: str) -> list[str]:
    """The services read the mounted Secret; it holds the public tokens only where MOTCUA_ENV=development."""
    problems, development = [], data.get("MOTCUA_ENV") == "development"
    if data.get("MOTCUA_CREDENTIALS_FILE") != f"{CREDENTIALS_DIR}/credentials.json":
        problems.append(f"{overlay}: MOTCUA_CREDENTIALS_FILE must be {CREDENTIALS_DIR}/credentials.json "
                        f"(the Secret; the image holds no credentials), not {data.get('MOTCUA_CREDENTIALS_FILE')}")
    for name in GRPC_SERVICES:
        spec = deployments.get(name, {}).get("spec", {}).get("template", {}).get("spec", {})
        secrets = {v["name"] for v in spec.get("volumes", []) if v.get("secret", {}).get("secretName", "").startswith("motcua-credentials")}
        mounts = {m["name"] for c in spec.get("containers", []) for m in c.get("volumeMounts", [])
                  if m.get("mountPath") == CREDENTIALS_DIR}
        if not secrets & mounts:
            problems.append(f"{overlay}: {name}: must mount the motcua-credentials Secret at {CREDENTIALS_DIR}")
    secret = next((r for n, r in by_kind(resources, "Secret").items() if n.startswith("motcua-credentials")), None)
    if secret is None or "credentials.json" not in secret.get("data", {}):
        return problems + [f"{overlay}: no motcua-credentials Secret with credentials.json"]
    content = base64.b64decode(secret["data"]["credentials.json"])
    hashes = {e.get("token_sha256") for e in json.loads(content).get("credentials", [])}
    if hashes & public_token_hashes() and not development:
        problems.append(f"{overlay}: the motcua-credentials Secret accepts public development tokens without "
                        "MOTCUA_ENV=development: the services would refuse to start")
    if overlay == "production" and development:
        problems.append(f"{overlay}: MOTCUA_ENV=development accepts the public tokens: never in production")
    if overlay == "dev" and content != DEV_JSON.read_bytes():
        problems.append(f"{overlay}: the motcua-credentials Secret differs from {DEV_JSON.relative_to(ROOT)}")
    return problems


def _addresses_resolve(resources: list[dict], data: dict, overlay: str) -> list[str]:
    """The Kafka and ClickHouse hosts of the ConfigMap are Services this overlay creates."""
    services = set(by_kind(resources, "Service"))
    services |= {f"{k}-kafka-bootstrap" for k in by_kind(resources, "Kafka")}
    services |= {f"clickhouse-{c}" for c in by_kind(resources, "ClickHouseInstallation")}
    problems = []
    for key in ("MOTCUA_KAFKA_BOOTSTRAP", "MOTCUA_CLICKHOUSE_URL"):
        host = re.sub(r"^\w+://", "", data.get(key, "")).split(":")[0]
        if host not in services:
            problems.append(f"{overlay}: {key} points at {host!r}, which no resource of the overlay provides")
    for chi in by_kind(resources, "ClickHouseInstallation").values():
        keepers = {f"keeper-{k}" for k in by_kind(resources, "ClickHouseKeeperInstallation")}
        for node in chi["spec"]["configuration"].get("zookeeper", {}).get("nodes", []):
            if node["host"] not in keepers:
                problems.append(f"{overlay}: ClickHouse keeper host {node['host']} is not a ClickHouseKeeperInstallation")
    return problems


def _replicated_topics(resources, topics: dict, projector: dict | None, overlay: str) -> list[str]:
    problems = []
    for name in COMMAND_TOPICS | {"motcua.deadletter.v1"}:
        topic = topics.get(name)
        if topic is None:
            problems.append(f"{overlay}: no KafkaTopic {name}")
            continue
        spec = topic["spec"]
        if spec["replicas"] < 3 or int(spec.get("config", {}).get("min.insync.replicas", 1)) != 2:
            problems.append(f"{overlay}: {name}: needs 3 replicas and min.insync.replicas 2")
    partitions = min((topics[t]["spec"]["partitions"] for t in COMMAND_TOPICS if t in topics), default=0)
    if projector is not None and projector["spec"]["replicas"] > partitions:
        problems.append(f"{overlay}: projector replicas {projector['spec']['replicas']} > {partitions} partitions")
    for kafka in by_kind(resources, "Kafka").values():
        if int(kafka["spec"]["kafka"].get("config", {}).get("min.insync.replicas", 1)) != 2:
            problems.append(f"{overlay}: Kafka {kafka['metadata']['name']}: min.insync.replicas must be 2")
    return problems


def main() -> int:
    problems = dockerfile_problems()
    problems += compose_problems(load_yaml_documents((ROOT / "docker-compose.yml").read_text())[0])
    prometheus = ROOT / "deploy" / "prometheus"
    problems += prometheus_problems(*(load_yaml_documents((prometheus / p).read_text())[0]
                                      for p in ("prometheus.yml", "alerts.yml", "tests/alerts_test.yml")))
    for overlay in ("base", "dev", "production"):
        directory = ROOT / "k8s" / ("base" if overlay == "base" else f"overlays/{overlay}")
        problems += k8s_problems(kustomize_build(directory), overlay)
    for problem in problems:
        print(f"ERROR {problem}")
    print(f"policy: Dockerfile, docker-compose.yml, deploy/prometheus, k8s (base, dev, production): "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
