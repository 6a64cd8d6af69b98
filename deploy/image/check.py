"""`make image-check`: the six services, each run from the image, answer health against a private
Kafka and ClickHouse started here on free ports; then everything stops and the containers go.

Also checked, because the image must carry no development credentials: the image runs in production
(MOTCUA_ENV) with no dev.json inside; given the public development tokens, a service refuses to start;
given a private credentials file (made here, mounted into the container only), intake knows its
token (WhoAmI) and refuses dev-center. Exit 0 when everything held, 1 otherwise.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from runners import EngineError, Runner  # noqa: E402
from credentials_probe import no_development_credentials, whoami  # noqa: E402
from service_process import Service  # noqa: E402

from motcua import config  # noqa: E402
from motcua.auth import new_credential  # noqa: E402
from motcua_tools.infra import clickhouse, kafka  # noqa: E402
from motcua_tools.infra.process import InfraError, free_port_pairs  # noqa: E402
from motcua_tools.stack import SERVICES  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEV_JSON = ROOT / "deploy" / "credentials" / "dev.json"


def engine() -> str:
    result = subprocess.run(["bash", str(ROOT / "deploy" / "image" / "engine.sh"), "run"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise EngineError(result.stderr.strip())
    return result.stdout.strip()


def check(runner: Runner, settings: config.Settings, work: Path, timeout: float) -> list[str]:
    """Every problem found (empty: the image is fine)."""
    problems: list[str] = []
    problem = no_development_credentials(runner)
    print(f"-- no development credentials in the image: {problem or 'ok'}")
    problems += [problem] if problem else []

    ports = free_port_pairs(len(SERVICES) + 2)
    common = {"MOTCUA_KAFKA_BOOTSTRAP": settings.kafka_bootstrap, "MOTCUA_CLICKHOUSE_URL": settings.clickhouse_url,
              "MOTCUA_CLICKHOUSE_DATABASE": settings.clickhouse_database, "MOTCUA_TOPIC_PREFIX": settings.topic_prefix,
              "MOTCUA_GRPC_HOST": "127.0.0.1", "MOTCUA_REPORT_DAY": "0", "MOTCUA_LIVE_PORT": str(ports[-1])}
    refusing = Service("intake", runner, "refusal", common, ports[-2], DEV_JSON, work)
    code = refusing.exit_code(timeout)
    said = "public development tokens" in refusing.log_text()
    print(f"-- intake given dev.json in production: exit {code}, "
          f"{'says why' if said else 'no reason in its log'}: {refusing.last_line('configuration error')}")
    if code in (None, 0) or not said:
        problems.append(f"intake with dev.json did not refuse to start (exit {code}); log {refusing.log}")

    token, entry = new_credential("imagecheck", "center")
    credentials = work / "credentials.json"
    credentials.write_text(json.dumps({"credentials": [entry]}))
    credentials.chmod(0o444)
    services = [Service(name, runner, name, common, port, credentials, work) for name, port in zip(SERVICES, ports)]
    try:
        for service in services:
            service.start()
        for service in services:
            seconds = service.wait_healthy(timeout)
            if seconds is None:
                problems.append(f"{service.name} did not answer health within {timeout:.0f}s; log {service.log}:\n"
                                f"{service.log_text()[-1500:]}")
                print(f"-- {service.name}: NOT healthy; last line: {service.last_line()}")
                continue
            inside = service.image_healthcheck()
            print(f"-- {service.name}: healthy after {seconds:.1f}s ({service.probe_description()}); "
                  f"the image's HEALTHCHECK inside the container: {'exit 0' if inside == 0 else f'exit {inside}'}")
            if inside != 0:
                problems.append(f"{service.name}: the image's healthcheck exited {inside}")
            if service.probe_failed:
                problems.append(f"{service.name}: grpc_health_probe did not see it serving")
        intake = services[0]
        if intake.healthy:
            answer = whoami(intake.grpc_port, token), whoami(intake.grpc_port, "dev-center")
            print(f"-- intake WhoAmI: own token -> {answer[0]}; dev-center -> {answer[1]}")
            if answer != ("imagecheck/center", "UNAUTHENTICATED"):
                problems.append(f"intake WhoAmI answered {answer}, expected ('imagecheck/center', 'UNAUTHENTICATED')")
    finally:
        ended = [f"{service.name} {service.stop()}" for service in services]
        print(f"-- stopped: {'; '.join(ended)}")
    left = [f"{s.name}:{p}" for s in services for p in s.ports if not s.port_free(p)]
    print(f"-- after stopping: {'every service port is free' if not left else 'still listening: ' + ', '.join(left)}")
    problems += [f"still listening after stop: {', '.join(left)}"] if left else []
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(prog="image-check", description=__doc__.splitlines()[0])
    parser.add_argument("--image", default="motcua/services:dev")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds for each service to answer health")
    parser.add_argument("--keep-logs", action="store_true", help="keep the services' logs (kept anyway on failure)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop everything on the way out
    began = time.monotonic()
    runner = Runner(engine(), args.image)
    if not runner.image_present():
        print(f"image-check: {args.image} is not in the {runner.engine} store: run `make image` first", file=sys.stderr)
        return 1
    for name in runner.remove_leftovers():
        print(f"image-check: removed {name}, left by an interrupted run")
    run = uuid.uuid4().hex[:8]
    work = Path(tempfile.mkdtemp(prefix="motcua-imagecheck-"))
    kafka_port, clickhouse_port = free_port_pairs(2)
    settings = dataclasses.replace(config.load(), kafka_bootstrap=f"127.0.0.1:{kafka_port}",
                                   clickhouse_url=f"http://127.0.0.1:{clickhouse_port}", state_dir=work / "state",
                                   topic_prefix=f"img{run}", clickhouse_database=f"img_{run}")
    print(f"image-check: {args.image} with {runner.engine}; Kafka on {kafka_port}, ClickHouse on {clickhouse_port}")
    problems: list[str] = []
    try:
        kafka.start(settings)
        clickhouse.start(settings)
        problems = check(runner, settings, work, args.timeout)
    except (InfraError, EngineError) as exc:
        problems.append(str(exc))
    finally:
        runner.remove_all()
        clickhouse.stop(settings)
        kafka.stop(settings)
        if not problems and not args.keep_logs:
            shutil.rmtree(work, ignore_errors=True)
    took = time.monotonic() - began
    if problems:
        print(f"image-check: FAILED after {took:.0f}s (logs kept in {work}):\n  - " + "\n  - ".join(problems))
        return 1
    print(f"image-check: all six services answered health from {args.image} ({runner.engine}); {took:.0f}s in all"
          + (f"; logs in {work}" if args.keep_logs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
