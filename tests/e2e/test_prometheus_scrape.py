"""A real Prometheus scrapes the whole stack (services as processes) and evaluates the project's
alert rules (deploy/prometheus/alerts.yml): every target up, gRPC calls counted by method and code,
the projector's fold measured, every rule loaded and healthy, MotcuaServiceDown pending for a
service that was stopped.

Needs the `prometheus` binary (Debian package prometheus; deploy/check/run.sh installs it, and CI
runs that first). Without it the module is skipped, saying so.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import grpc
import pytest

from motcua.auth import DEV_CENTER_TOKEN
from motcua.catalog import Catalog
from motcua.events import payload_of
from motcua.interchange import parse_object
from motcua.v1 import intake_pb2_grpc
from motcua_tools.demo.sample import received_dossiers
from motcua_tools.stack import wait_for
from tests.conftest import ROOT, free_port_pair

PROMETHEUS = shutil.which("prometheus")
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
AUTH = (("authorization", f"Bearer {DEV_CENTER_TOKEN}"),)

pytestmark = pytest.mark.skipif(
    PROMETHEUS is None,
    reason="prometheus binary not installed (apt-get install prometheus; deploy/check/run.sh does it)")


def scrape_config(stack) -> str:
    jobs = "".join(
        f"  - job_name: {service}\n    static_configs:\n      - targets: ['127.0.0.1:{metrics}']\n"
        for service, (_, metrics) in stack.ports.items())
    return ("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            f"rule_files:\n  - {ALERTS}\nscrape_configs:\n{jobs}")


@pytest.fixture(scope="module")
def prometheus(stack, tmp_path_factory):
    """Prometheus on a free loopback port, a scratch TSDB, stopped by its pid at the end."""
    workdir = tmp_path_factory.mktemp("prometheus")
    config = workdir / "prometheus.yml"
    config.write_text(scrape_config(stack))
    port = free_port_pair()
    log = (workdir / "prometheus.log").open("wb")
    process = subprocess.Popen(
        [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={workdir / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=1h"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_for(lambda: _ready(url) or process.poll() is not None, timeout=60) or process.poll() is not None:
            raise RuntimeError(f"prometheus did not start:\n{(workdir / 'prometheus.log').read_text()[-3000:]}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def screenshot(url: str, name: str) -> None:
    """Opt-in (MOTCUA_SCREENSHOT_DIR): what a person sees in Prometheus' web UI at this moment."""
    folder, chromium = os.environ.get("MOTCUA_SCREENSHOT_DIR"), shutil.which("chromium")
    if not folder or not chromium:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1400,1100", "--virtual-time-budget=8000",
                    f"--screenshot={Path(folder) / name}", url], capture_output=True, timeout=120)


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def api(url: str, path: str, **params) -> dict:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"{url}/api/v1/{path}{query}", timeout=5) as response:
        body = json.load(response)
    assert body["status"] == "success", body
    return body["data"]


def instant(url: str, expr: str) -> dict[tuple, float]:
    """{label values: value} of an instant query."""
    result = api(url, "query", query=expr)["result"]
    return {tuple(sorted(r["metric"].items())): float(r["value"][1]) for r in result}


def eventually(check, timeout: float = 60.0):
    """Poll `check` until it returns something truthy; return that, or fail with the last value."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.5)
    pytest.fail(f"not reached in {timeout:.0f} s; last: {last!r}")


def test_every_service_is_scraped_and_up(stack, prometheus):
    def all_up():
        up = {dict(k)["job"]: v for k, v in instant(prometheus, "up").items()}
        return up if set(up) == set(stack.services) and all(v == 1 for v in up.values()) else None

    up = eventually(all_up)
    assert set(up) == {"intake", "processing", "payment", "survey", "projector", "reporting"}


def test_grpc_calls_are_counted_by_method_and_code_and_the_fold_is_measured(stack, prometheus):
    lines = received_dossiers(Catalog.load(), "2023-04", 3, prefix="PROM")
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['intake'][0]}") as channel:
        intake = intake_pb2_grpc.IntakeServiceStub(channel)
        for line in lines:
            assert intake.ReceiveDossier(payload_of(parse_object(line)), timeout=10, metadata=AUTH).event_id
        with pytest.raises(grpc.RpcError) as refused:
            intake.ReceiveDossier(payload_of(parse_object({**lines[0], "department": "NOWHERE"})),
                                  timeout=10, metadata=AUTH)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    def by_code():
        counts = {dict(k)["code"]: v for k, v in instant(
            prometheus, 'sum by (code) (motcua_grpc_requests_total{method="ReceiveDossier"})').items()}
        return counts if counts.get("OK", 0) >= 3 and counts.get("INVALID_ARGUMENT", 0) >= 1 else None

    eventually(by_code)
    latency = instant(prometheus, 'sum(motcua_grpc_request_duration_seconds_count{method="ReceiveDossier"})')
    assert sum(latency.values()) >= 4
    # p99 as the dashboards compute it (rate needs two scrapes of the new series)
    eventually(lambda: instant(prometheus, 'histogram_quantile(0.99, sum by (le) (rate('
                                           'motcua_grpc_request_duration_seconds_bucket{method="ReceiveDossier"}[1m])))'))

    # The projector folded the events from Kafka into ClickHouse, and says so.
    folded = eventually(lambda: sum(instant(prometheus, "sum(motcua_projector_events_total)").values()) >= 3)
    assert folded
    assert sum(instant(prometheus, "sum(motcua_projector_batch_size_count)").values()) >= 1
    assert instant(prometheus, "motcua_projector_publish_to_queryable_seconds_count")


def test_the_alert_rules_are_loaded_and_evaluate_healthily(prometheus):
    expected = {"MotcuaServiceDown", "MotcuaGrpcServerErrors", "MotcuaProjectorLagHigh",
                "MotcuaProjectorStalled", "MotcuaDeadLettersGrowing", "MotcuaPublishToQueryableSlow",
                "MotcuaOverdueDossiersRising", "MotcuaDossiersNearlyDue"}

    def evaluated_rules():
        rules = [r for g in api(prometheus, "rules")["groups"] if g["file"] == str(ALERTS) for r in g["rules"]]
        return rules if rules and all(r.get("lastEvaluation", "").startswith("2") and
                                      not r["lastEvaluation"].startswith("0001") for r in rules) else None

    rules = eventually(evaluated_rules, timeout=30)
    assert {r["name"] for r in rules} == expected
    unhealthy = {r["name"]: r.get("lastError") for r in rules if r["health"] != "ok"}
    assert not unhealthy, unhealthy
    assert all(r["type"] == "alerting" for r in rules)


def contract_metric_names() -> set[str]:
    text = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    return set(re.findall(r"`(motcua_[a-z0-9_]+)", text.split("## Metric names", 1)[1]))


def test_every_metric_of_the_contract_is_exported_by_the_running_stack(stack, prometheus):
    """Dashboards and alerts are written against docs/conventions.md: a name there that no service
    exports would be a panel that stays empty and an alert that never fires."""
    def missing():
        exported = set(api(prometheus, "label/__name__/values"))
        gaps = {name for name in contract_metric_names()
                if not {name, f"{name}_bucket", f"{name}_total"} & exported}
        return gaps or None

    deadline = time.monotonic() + 60
    while (gaps := missing()) and time.monotonic() < deadline:
        time.sleep(1)
    assert not gaps, f"named in docs/conventions.md but exported by no service: {sorted(gaps)}"


def test_a_stopped_service_makes_service_down_pending(stack, prometheus):
    """Last in the module: it stops the survey service (the module's stack stops the rest)."""
    stack.process("survey").stop(timeout=20)

    def pending_for_survey():
        alerts = api(prometheus, "alerts")["alerts"]
        return [a for a in alerts if a["labels"].get("alertname") == "MotcuaServiceDown"
                and a["labels"].get("job") == "survey" and a["state"] in ("pending", "firing")]

    alert = eventually(pending_for_survey, timeout=30)[0]
    # Debian's prometheus serves the classic UI; /classic/alerts lists every rule with its state
    screenshot(f"{prometheus}/classic/alerts", "prometheus-alerts.png")
    assert alert["labels"]["severity"] == "critical"
    assert instant(prometheus, 'up{job="survey"}') and all(
        v == 0 for v in instant(prometheus, 'up{job="survey"}').values())
    assert all(v == 1 for v in instant(prometheus, 'up{job="intake"}').values())
