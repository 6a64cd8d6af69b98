"""A single-node Apache Kafka 4.x broker (KRaft) from Maven Central jars, on loopback."""
from __future__ import annotations

import base64
import shutil
import subprocess
import uuid
from pathlib import Path

from motcua.config import REPO_ROOT, Settings
from motcua_tools.infra.process import InfraError, ManagedProcess, port_answers

KAFKA_VERSION = "4.3.1"
POM = REPO_ROOT / "deploy" / "kafka" / "pom.xml"
HEAP = ["-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50"]


def _ports(settings: Settings) -> tuple[int, int]:
    host, _, port = settings.kafka_bootstrap.split(",")[0].rpartition(":")
    if host not in ("127.0.0.1", "localhost"):
        raise InfraError(f"the local broker listens on loopback only, not {host}")
    return int(port), int(port) + 1


def jar_dir(settings: Settings) -> Path:
    return settings.cache_dir / f"kafka-{KAFKA_VERSION}" / "libs"


def ensure_jars(settings: Settings) -> Path:
    """Resolve the broker jars once into the cache folder; later starts reuse them."""
    libs = jar_dir(settings)
    if libs.is_dir() and any(libs.glob(f"kafka_2.13-{KAFKA_VERSION}.jar")):
        return libs
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise InfraError(f"`{tool}` is not on PATH: install a JDK 17+ and Maven (Debian: "
                             "openjdk-17-jre-headless maven) to run the local Kafka broker")
    partial = libs.with_name("libs.partial")
    shutil.rmtree(partial, ignore_errors=True)
    result = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
         f"-DoutputDirectory={partial}", "-DincludeScope=runtime"],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise InfraError(f"Maven could not resolve the Kafka jars:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    partial.rename(libs)
    return libs


def _write_config(settings: Settings, workdir: Path) -> Path:
    port, controller = _ports(settings)
    data = workdir / "data"
    props = workdir / "server.properties"
    props.write_text("\n".join([
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@127.0.0.1:{controller}",
        f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        f"log.dirs={data}",
        "num.partitions=3",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "num.network.threads=2",
        "num.io.threads=2",
        "log.retention.hours=-1",  # the log is the source of truth: keep it
        "",
    ]))
    (workdir / "log4j2.properties").write_text("\n".join([
        "rootLogger.level=INFO",
        "rootLogger.appenderRef.stdout.ref=STDOUT",
        "appender.stdout.type=Console",
        "appender.stdout.name=STDOUT",
        "appender.stdout.layout.type=PatternLayout",
        "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
        "logger.kafka.name=kafka",
        "logger.kafka.level=WARN",
        "logger.server.name=kafka.server.KafkaRaftServer",
        "logger.server.level=INFO",
        "logger.org.name=org.apache.kafka",
        "logger.org.level=WARN",
        "",
    ]))
    return props


def process(settings: Settings) -> ManagedProcess:
    return ManagedProcess("kafka", settings.state_dir / "kafka", _ports(settings),
                          ("MOTCUA_KAFKA_BOOTSTRAP", "MOTCUA_KAFKA_BOOTSTRAP (the controller takes its port + 1)"),
                          settings.state_dir / "logs")


def start(settings: Settings, timeout: float = 90.0) -> int:
    libs = ensure_jars(settings)
    proc = process(settings)
    if (pid := proc.running_pid()) is not None:
        if port_answers(_ports(settings)[0]):
            return pid
        raise InfraError(f"kafka has pid {pid} but is not answering; run `make down` first")
    proc.workdir.mkdir(parents=True, exist_ok=True)
    props = _write_config(settings, proc.workdir)
    classpath = f"{libs}/*"
    java = ["java", *HEAP, f"-Dlog4j2.configurationFile={proc.workdir / 'log4j2.properties'}", "-cp", classpath]
    if not (proc.workdir / "data" / "meta.properties").exists():
        fmt = subprocess.run([*java, "kafka.tools.StorageTool", "format", "-t", _kafka_uuid(),
                              "-c", str(props)], capture_output=True, text=True)
        if fmt.returncode != 0:
            raise InfraError(f"formatting Kafka storage failed:\n{fmt.stdout}{fmt.stderr}")
    port = _ports(settings)[0]

    def ready() -> bool:
        return port_answers(port) and "Kafka Server started" in proc.log_file.read_text(errors="replace")

    proc.log_file.unlink(missing_ok=True)
    return proc.start([*java, "kafka.Kafka", str(props)], ready=ready, timeout=timeout)


def _kafka_uuid() -> str:
    """A cluster id in Kafka's form: 16 random bytes, URL-safe base64 without padding. Like Kafka's
    own Uuid.randomUuid, never one starting with '-': `format -t -xyz` reads it as an option and
    fails (one start in 64 did)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def stop(settings: Settings) -> bool:
    return process(settings).stop(timeout=30)
