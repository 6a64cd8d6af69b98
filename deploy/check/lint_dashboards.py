"""Lint the Grafana dashboards as Grafana and the databases would read them, offline.

- the JSON parses; uids and titles unique; panel ids unique; panels inside 24 columns, not overlapping;
- every datasource is one that deploy/grafana/provisioning provides, and every variable used is defined;
- the committed JSON is what deploy/grafana/build_dashboards.py generates;
- every PromQL expression parses (promtool check rules on a generated recording-rules file) and names
  only metrics of docs/conventions.md;
- every SQL query runs on ClickHouse (the chdb engine of the project's venv) against the project's
  schema (services/motcua/schema/*.sql), Grafana macros expanded.
Run with the project's Python: `.venv/bin/python deploy/check/lint_dashboards.py`.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contract  # noqa: E402

ROOT = contract.ROOT
GRAFANA = ROOT / "deploy" / "grafana"
GRAFANA_VARIABLES = {"__rate_interval", "__interval", "__range", "__all", "__timeFilter", "__timeInterval",
                     "__fromTime", "__toTime"}


def targets(dashboard: dict):
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield panel, target


def structure(name: str, dashboard: dict, datasource_uids: set[str]) -> list[str]:
    errors = []
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in dashboard:
            errors.append(f"{name}: no {key}")
    ids = [p.get("id") for p in dashboard["panels"]]
    if len(ids) != len(set(ids)) or None in ids:
        errors.append(f"{name}: panel ids missing or repeated: {ids}")
    cells: dict[tuple[int, int], str] = {}
    for panel in dashboard["panels"]:
        grid = panel.get("gridPos", {})
        if grid.get("x", -1) < 0 or grid.get("x", 0) + grid.get("w", 0) > 24 or grid.get("h", 0) <= 0:
            errors.append(f"{name}: panel {panel.get('title')!r} outside the grid: {grid}")
        for x in range(grid.get("x", 0), grid.get("x", 0) + grid.get("w", 0)):
            for y in range(grid.get("y", 0), grid.get("y", 0) + grid.get("h", 0)):
                if (x, y) in cells:
                    errors.append(f"{name}: {panel['title']!r} overlaps {cells[(x, y)]!r}")
                    break
                cells[(x, y)] = panel["title"]
            else:
                continue
            break
        if panel["type"] != "row" and not panel.get("targets"):
            errors.append(f"{name}: panel {panel['title']!r} has no query")
    defined = {v["name"] for v in dashboard.get("templating", {}).get("list", [])} | GRAFANA_VARIABLES
    for panel, target in targets(dashboard):
        uid = (target.get("datasource") or panel.get("datasource") or {}).get("uid")
        if uid not in datasource_uids:
            errors.append(f"{name}: {panel['title']!r} uses datasource {uid!r}, not provisioned")
        query = target.get("expr") or target.get("rawSql") or ""
        for variable in re.findall(r"\$\{?(\w+)", query):
            if variable not in defined:
                errors.append(f"{name}: {panel['title']!r} uses ${variable}, which is not defined")
    return errors


def promql_errors(expressions: list[tuple[str, str]]) -> list[str]:
    """promtool parses each expression as a recording rule; Grafana's variables get sample values."""
    errors, allowed = [], contract.contract_metrics()
    lines = ["groups:", "  - name: dashboards", "    rules:"]
    for index, (where, expr) in enumerate(expressions):
        unknown = contract.promql_metric_names(expr) - allowed
        if unknown:
            errors.append(f"{where}: metrics not in docs/conventions.md: {sorted(unknown)}")
        concrete = (expr.replace("$__rate_interval", "1m").replace("$__interval", "15s")
                    .replace("$__range", "1h").replace("$department", ".*"))
        lines += [f"      - record: dashboard:expr_{index}", f"        expr: {json.dumps(concrete)}"]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as rules:
        rules.write("\n".join(lines) + "\n")
    result = subprocess.run(["promtool", "check", "rules", rules.name], capture_output=True, text=True)
    Path(rules.name).unlink()
    if result.returncode != 0:
        errors.append("promtool rejected a dashboard expression:\n" + result.stdout + result.stderr)
    return errors


def expand_macros(sql: str) -> str:
    sql = re.sub(r"\$__timeFilter\((\w+)\)", r"(\1 >= now() - INTERVAL 6 HOUR AND \1 <= now())", sql)
    sql = re.sub(r"\$__timeInterval\((\w+)\)", r"toStartOfInterval(\1, INTERVAL 60 second)", sql)
    return sql.replace("$__fromTime", "now() - INTERVAL 6 HOUR").replace("$__toTime", "now()")


def sql_errors(queries: list[tuple[str, str]]) -> list[str]:
    """Each query runs on empty tables made from the project's migrations."""
    from chdb import session

    from motcua.chschema import migrations, statements

    errors, tables = [], contract.schema_tables()
    with tempfile.TemporaryDirectory() as scratch:
        db = session.Session(scratch)
        try:
            db.query("CREATE DATABASE IF NOT EXISTS motcua ENGINE = Atomic")
            for _, _, text in migrations():
                for statement in statements(text):
                    db.query(statement.replace("{db}", "motcua"))
            for where, query in queries:
                unknown = contract.sql_tables(query) - tables
                if unknown:
                    errors.append(f"{where}: tables not in services/motcua/schema: {sorted(unknown)}")
                try:
                    db.query(expand_macros(query), "Null")
                except Exception as exc:  # chdb raises its own error type with ClickHouse's message
                    errors.append(f"{where}: ClickHouse refused the query: {str(exc).splitlines()[0][:400]}")
        finally:
            db.close()
    return errors


def main() -> int:
    provisioning = (GRAFANA / "provisioning" / "datasources" / "datasources.yml").read_text()
    uids = set(re.findall(r"^\s+uid:\s*(\S+)", provisioning, flags=re.M))
    errors, expressions, queries = [], [], []
    seen_uids, seen_titles = set(), set()
    paths = sorted((GRAFANA / "dashboards").glob("*.json"))
    if not paths:
        errors.append("no dashboards in deploy/grafana/dashboards")
    for path in paths:
        try:
            dashboard = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}: not JSON: {exc}")
            continue
        if dashboard.get("uid") in seen_uids or dashboard.get("title") in seen_titles:
            errors.append(f"{path.name}: uid or title used by another dashboard")
        seen_uids.add(dashboard.get("uid"))
        seen_titles.add(dashboard.get("title"))
        errors += structure(path.name, dashboard, uids)
        for panel, target in targets(dashboard):
            where = f"{path.name}: {panel['title']!r} {target['refId']}"
            if target.get("expr"):
                expressions.append((where, target["expr"]))
            if target.get("rawSql"):
                queries.append((where, target["rawSql"]))
        for variable in dashboard.get("templating", {}).get("list", []):
            metric = re.match(r"label_values\((\w+)", variable.get("definition", ""))
            if metric and metric.group(1) not in contract.contract_metrics():
                errors.append(f"{path.name}: variable {variable['name']} reads unknown metric {metric.group(1)}")
    fresh = subprocess.run([sys.executable, str(GRAFANA / "build_dashboards.py"), "--check"],
                           capture_output=True, text=True)
    if fresh.returncode != 0:
        errors.append(fresh.stderr.strip())
    errors += promql_errors(expressions)
    errors += sql_errors(queries)
    for error in errors:
        print(f"ERROR {error}")
    print(f"{len(paths)} dashboards, {len(expressions)} PromQL expressions, {len(queries)} SQL queries, "
          f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
