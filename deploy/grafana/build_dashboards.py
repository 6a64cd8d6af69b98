"""The Grafana dashboards as code: `python deploy/grafana/build_dashboards.py` writes
deploy/grafana/dashboards/*.json; `--check` fails when the committed JSON differs from this file.

PromQL names only metrics of docs/conventions.md; SQL reads only tables of services/motcua/schema
(tests/unit/test_deploy_grafana.py checks both). Grafana provisions the JSON files as they are.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "dashboards"
PROMETHEUS = {"type": "prometheus", "uid": "prometheus"}
CLICKHOUSE = {"type": "grafana-clickhouse-datasource", "uid": "clickhouse"}
TZ = "Asia/Ho_Chi_Minh"  # "today" and "this month" are the Center's, not UTC's
THIS_MONTH = f"toStartOfMonth({{col}}, '{TZ}') = toStartOfMonth(now('{TZ}'))"
SERVICES = "intake|processing|payment|survey|projector|reporting"


def prom(expr: str, legend: str = "", ref: str = "A", instant: bool = False) -> dict:
    return {"datasource": PROMETHEUS, "refId": ref, "expr": expr, "legendFormat": legend or "__auto",
            "range": not instant, "instant": instant}


def sql(query: str, ref: str = "A", timeseries: bool = False) -> dict:
    return {"datasource": CLICKHOUSE, "refId": ref, "editorType": "sql", "rawSql": " ".join(query.split()),
            "format": 0 if timeseries else 1, "queryType": "timeseries" if timeseries else "table"}


def panel(title: str, kind: str, targets: list[dict], *, w: int = 12, h: int = 8, unit: str = "short",
          description: str = "", options: dict | None = None, decimals: int | None = None) -> dict:
    defaults: dict = {"unit": unit}
    if decimals is not None:
        defaults["decimals"] = decimals
    return {"title": title, "type": kind, "description": description, "targets": targets,
            "datasource": targets[0]["datasource"], "gridPos": {"w": w, "h": h},
            "fieldConfig": {"defaults": defaults, "overrides": []}, "options": options or {}}


def row(title: str) -> dict:
    return {"title": title, "type": "row", "collapsed": False, "panels": [], "gridPos": {"w": 24, "h": 1}}


def layout(panels: list[dict]) -> list[dict]:
    """Left to right, wrapping at Grafana's 24 columns; ids in reading order."""
    x = y = line_height = 0
    for number, item in enumerate(panels, start=1):
        grid = item["gridPos"]
        if item["type"] == "row" or x + grid["w"] > 24:
            x, y, line_height = 0, y + line_height, 0
        grid.update(x=x, y=y)
        item["id"] = number
        x += grid["w"]
        line_height = max(line_height, grid["h"])
        if item["type"] == "row":
            x, y, line_height = 0, y + grid["h"], 0
    return panels


def dashboard(uid: str, title: str, panels: list[dict], *, variables: list[dict] = (),
              time_from: str = "now-6h", refresh: str = "30s", description: str = "") -> dict:
    return {"uid": uid, "title": title, "description": description, "tags": ["motcua"],
            "timezone": TZ, "editable": True, "graphTooltip": 1, "schemaVersion": 39, "version": 1,
            "refresh": refresh, "time": {"from": time_from, "to": "now"},
            "templating": {"list": list(variables)}, "annotations": {"list": []},
            "links": [], "panels": layout(panels)}


def rate(metric: str, by: str, where: str = "") -> str:
    return f"sum by ({by}) (rate({metric}{{{where}}}[$__rate_interval]))"


def quantile(q: float, metric: str, by: str = "") -> str:
    group = f"{by}, le" if by else "le"
    return f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket[$__rate_interval])))"


def operations() -> dict:
    return dashboard("motcua-operations", "motcua · Operations", description=(
        "Service health, gRPC traffic, Kafka publish and consume, the projector's fold."), panels=[
        row("Services"),
        panel("Targets up", "stat", [prom(f'sum by (job) (up{{job=~"{SERVICES}"}})', "{{job}}", instant=True)],
              w=12, h=4, description="1 = Prometheus scrapes the service; 0 = down (alert MotcuaServiceDown).",
              options={"colorMode": "background", "graphMode": "none", "textMode": "value_and_name"}),
        panel("Firing alerts", "table", [prom('ALERTS{alertstate="firing"}', instant=True)], w=12, h=4),
        row("gRPC"),
        panel("Calls per second by service", "timeseries",
              [prom(rate("motcua_grpc_requests_total", "service"), "{{service}}")], w=8, unit="reqps"),
        panel("Failed calls per second by service and code", "timeseries",
              [prom(rate("motcua_grpc_requests_total", "service, code", 'code!="OK"'), "{{service}} {{code}}")],
              w=8, unit="reqps"),
        panel("Latency p99 by service", "timeseries",
              [prom(quantile(0.99, "motcua_grpc_request_duration_seconds", "service"), "{{service}}")],
              w=8, unit="s"),
        panel("Latency p50 / p99 by method", "timeseries", [
            prom(quantile(0.5, "motcua_grpc_request_duration_seconds", "service, method"),
                 "p50 {{service}}/{{method}}"),
            prom(quantile(0.99, "motcua_grpc_request_duration_seconds", "service, method"),
                 "p99 {{service}}/{{method}}", ref="B")], w=24, unit="s"),
        row("Kafka"),
        panel("Events published per second by topic", "timeseries",
              [prom(rate("motcua_events_published_total", "topic"), "{{topic}}")], w=12, unit="ops"),
        panel("Events folded per second by topic", "timeseries",
              [prom(rate("motcua_projector_events_total", "topic"), "{{topic}}")], w=12, unit="ops"),
        row("Projector"),
        panel("Consumer lag by topic", "timeseries",
              [prom("sum by (topic) (motcua_projector_consumer_lag)", "{{topic}}")], w=8,
              description="Events in Kafka not yet folded (alerts: MotcuaProjectorLagHigh, MotcuaProjectorStalled)."),
        panel("Batch size", "timeseries", [
            prom(quantile(0.5, "motcua_projector_batch_size"), "p50"),
            prom(quantile(0.99, "motcua_projector_batch_size"), "p99", ref="B"),
            prom("sum(rate(motcua_projector_batch_size_sum[$__rate_interval]))"
                 " / sum(rate(motcua_projector_batch_size_count[$__rate_interval]))", "mean", ref="C")], w=8),
        panel("Dead letters by reason", "timeseries",
              [prom("sum by (reason) (increase(motcua_projector_dead_letters_total[$__rate_interval]))",
                    "{{reason}}")], w=8, description="Events sent to motcua.deadletter.v1 (alert MotcuaDeadLettersGrowing)."),
        panel("Publish → queryable latency", "timeseries", [
            prom(quantile(0.5, "motcua_projector_publish_to_queryable_seconds"), "p50"),
            prom(quantile(0.99, "motcua_projector_publish_to_queryable_seconds"), "p99", ref="B")],
              w=12, unit="s", description="From the command service's acknowledgement to the rows in ClickHouse."),
        panel("Events archived in ClickHouse by topic", "timeseries", [sql(
            "SELECT $__timeInterval(projected_at) AS time, topic, count() AS events FROM motcua.events "
            "WHERE $__timeFilter(projected_at) GROUP BY time, topic ORDER BY time", timeseries=True)],
              w=12, description="Rows of motcua.events by the time the projector wrote them (replays included)."),
    ])


DEPARTMENT = 'department=~"$department"'


def business() -> dict:
    variables = [{
        "name": "department", "label": "Department", "type": "query", "datasource": PROMETHEUS,
        "query": {"query": "label_values(motcua_dossiers_in_progress, department)", "refId": "department"},
        "definition": "label_values(motcua_dossiers_in_progress, department)",
        "multi": True, "includeAll": True, "allValue": ".*", "refresh": 2, "sort": 1,
        "current": {"text": "All", "value": "$__all"}}]
    bars = {"displayMode": "gradient", "orientation": "horizontal", "showUnfilled": True,
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}}
    return dashboard("motcua-business", "motcua · Business", variables=variables, time_from="now-7d",
                     refresh="1m", description="Dossiers, intake, satisfaction and payments of the Center.",
                     panels=[
        row("Today"),
        panel("Received today", "stat", [prom("sum(motcua_dossiers_received_today)", "received", instant=True)],
              w=6, h=5),
        panel("Received today by channel", "piechart",
              [prom("sum by (channel) (motcua_dossiers_received_today)", "{{channel}}", instant=True)], w=6, h=5,
              options={"pieType": "donut", "legend": {"displayMode": "table", "placement": "right",
                                                       "values": ["value"]},
                       "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}}),
        panel("In progress", "stat", [prom(f"sum(motcua_dossiers_in_progress{{{DEPARTMENT}}})", "in progress",
                                           instant=True)], w=4, h=5),
        panel("Overdue", "stat", [prom(f"sum(motcua_dossiers_overdue{{{DEPARTMENT}}})", "overdue", instant=True)],
              w=4, h=5, options={"colorMode": "background"}),
        panel("Nearly due", "stat", [prom(f"sum(motcua_dossiers_nearly_due{{{DEPARTMENT}}})", "nearly due",
                                          instant=True)], w=4, h=5),
        row("Dossiers by department"),
        panel("In progress by department", "bargauge",
              [prom(f"sort_desc(sum by (department) (motcua_dossiers_in_progress{{{DEPARTMENT}}}))",
                    "{{department}}", instant=True)], w=8, h=10, options=bars),
        panel("Overdue by department", "bargauge",
              [prom(f"sort_desc(sum by (department) (motcua_dossiers_overdue{{{DEPARTMENT}}}))",
                    "{{department}}", instant=True)], w=8, h=10, options=bars),
        panel("Nearly due by department", "bargauge",
              [prom(f"sort_desc(sum by (department) (motcua_dossiers_nearly_due{{{DEPARTMENT}}}))",
                    "{{department}}", instant=True)], w=8, h=10, options=bars),
        panel("Overdue over time", "timeseries",
              [prom(f"sum by (department) (motcua_dossiers_overdue{{{DEPARTMENT}}})", "{{department}}")], w=12,
              description="Alert MotcuaOverdueDossiersRising: 5 or more than a day ago in a department."),
        panel("Open dossiers past their deadline (oldest first)", "table", [sql(
            "SELECT dossier_id, anyIf(department, department != '') AS dept, "
            "anyIf(procedure_code, procedure_code != '') AS procedure, max(received_at) AS received, "
            "max(due_at) AS due, dateDiff('day', max(due_at), now64(3)) AS days_overdue "
            "FROM motcua.dossier_facts GROUP BY dossier_id "
            "HAVING received IS NOT NULL AND max(resolved_at) IS NULL AND max(withdrawn_at) IS NULL "
            "AND due < now64(3) ORDER BY due LIMIT 100")], w=12),
        row("This month"),
        panel("Satisfied (very satisfied + satisfied)", "stat", [prom(
            'sum(motcua_survey_ratings_month{rating=~"very_satisfied|satisfied"}) / sum(motcua_survey_ratings_month)',
            "satisfied", instant=True)], w=6, h=5, unit="percentunit", decimals=2),
        panel("Survey answers by rating", "bargauge",
              [prom("sum by (rating) (motcua_survey_ratings_month)", "{{rating}}", instant=True)], w=6, h=5,
              options=bars),
        panel("Dossiers paid online (national portal)", "stat",
              [prom("sum(motcua_online_payments_month_dossiers)", "dossiers", instant=True)], w=6, h=5),
        panel("Payments by method", "table", [sql(
            "SELECT method, uniqExact(dossier_id) AS dossiers, sum(amount_vnd) AS amount_vnd "
            "FROM motcua.payments FINAL WHERE " + THIS_MONTH.format(col="paid_at") +
            " GROUP BY method ORDER BY dossiers DESC")], w=6, h=5),
        panel("Received this month by department and channel", "table", [sql(
            "SELECT department, uniqExactIf(dossier_id, channel = 'online') AS online, "
            "uniqExactIf(dossier_id, channel = 'direct') AS direct, "
            "uniqExactIf(dossier_id, channel = 'postal') AS postal, uniqExact(dossier_id) AS total "
            "FROM motcua.dossier_facts WHERE " + THIS_MONTH.format(col="received_at") +
            " GROUP BY department ORDER BY total DESC")], w=12, h=10),
        panel("Satisfaction this month by department", "table", [sql(
            "SELECT department, countIf(rating = 'very_satisfied') AS very_satisfied, "
            "countIf(rating = 'satisfied') AS satisfied, countIf(rating = 'unsatisfied') AS unsatisfied, "
            "round(100 * (very_satisfied + satisfied) / count(), 2) AS satisfied_pct "
            "FROM motcua.survey_ratings FINAL WHERE " + THIS_MONTH.format(col="submitted_at") +
            " GROUP BY department ORDER BY department")], w=12, h=10),
        panel("Dossiers received per day by channel", "timeseries", [sql(
            "SELECT toStartOfDay(received_at, '" + TZ + "') AS time, channel, uniqExact(dossier_id) AS dossiers "
            "FROM motcua.dossier_facts WHERE $__timeFilter(received_at) GROUP BY time, channel ORDER BY time",
            timeseries=True)], w=24),
    ])


DASHBOARDS = {"motcua-operations.json": operations, "motcua-business.json": business}


def render(build) -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name, build in DASHBOARDS.items():
        path, text = OUT / name, render(build)
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(f"stale: {', '.join(stale)}: run python deploy/grafana/build_dashboards.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
