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
    return write_config(workdir, node_id=1, port=port, controller=controller,
                        voters=f"1@127.0.0.1:{controller}", replication=1)


def write_config(workdir: Path, node_id: int, port: int, controller: int, voters: str,
                 replication: int, partitions: int = 3) -> Path:
    """A combined broker+controller node. With replication 3 the internal topics and new topics
    get 3 replicas and min.insync.replicas=2, as in production; with 1, a single node."""
    data = workdir / "data"
    props = workdir / "server.properties"
    min_isr = 2 if replication >= 3 else 1
    props.write_text("\n".join([
        "process.roles=broker,controller",
        f"node.id={node_id}",
        f"controller.quorum.voters={voters}",
        f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        f"log.dirs={data}",
        f"num.partitions={partitions}",
        f"default.replication.factor={replication}",
        f"min.insync.replicas={min_isr}",
        "auto.create.topics.enable=true",
        f"offsets.topic.replication.factor={replication}",
        "offsets.topic.num.partitions=3",
        f"transaction.state.log.replication.factor={replication}",
        f"transaction.state.log.min.isr={min_isr}",
        f"share.coordinator.state.topic.replication.factor={replication}",
        f"share.coordinator.state.topic.min.isr={min_isr}",
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
    proc = process(settings)
    if (pid := proc.running_pid()) is not None:
        if port_answers(_ports(settings)[0]):
            return pid
        raise InfraError(f"kafka has pid {pid} but is not answering; run `make down` first")
    proc.workdir.mkdir(parents=True, exist_ok=True)
    _write_config(settings, proc.workdir)
    return start_node(settings, proc, _kafka_uuid(), timeout)


def start_node(settings: Settings, proc: ManagedProcess, cluster_id: str | None, timeout: float = 90.0,
               wait: bool = True) -> int:
    """Format the node's storage once (with the cluster's shared id; None for a node whose storage
    is formatted already, restarting) and start it. A node of a three-node quorum cannot finish
    starting alone, so a cluster starts all nodes with wait=False and then waits for each."""
    libs = ensure_jars(settings)
    props = proc.workdir / "server.properties"
    java = ["java", *HEAP, f"-Dlog4j2.configurationFile={proc.workdir / 'log4j2.properties'}",
            "-cp", f"{libs}/*"]
    if not (proc.workdir / "data" / "meta.properties").exists():
        if cluster_id is None:
            raise InfraError(f"the Kafka node in {proc.workdir} has no formatted storage to restart from")
        fmt = subprocess.run([*java, "kafka.tools.StorageTool", "format", "-t", cluster_id,
                              "-c", str(props)], capture_output=True, text=True)
        if fmt.returncode != 0:
            raise InfraError(f"formatting Kafka storage failed:\n{fmt.stdout}{fmt.stderr}")
    port = proc.ports[0]

    def ready() -> bool:
        return port_answers(port) and "Kafka Server started" in proc.log_file.read_text(errors="replace")

    proc.log_file.unlink(missing_ok=True)
    return proc.start([*java, "kafka.Kafka", str(props)], ready=ready if wait else (lambda: True),
                      timeout=timeout)


def is_ready(proc: ManagedProcess) -> bool:
    return port_answers(proc.ports[0]) and proc.log_file.exists() and \
        "Kafka Server started" in proc.log_file.read_text(errors="replace")


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
