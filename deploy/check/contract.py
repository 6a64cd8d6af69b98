"""What the monitoring files may name: the metric names of docs/conventions.md and the ClickHouse
tables of services/motcua/schema/*.sql. Standard library only, so unit tests and deploy/check share it.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONVENTIONS = ROOT / "docs" / "conventions.md"
SCHEMA_DIR = ROOT / "services" / "motcua" / "schema"

# Series that Prometheus itself makes: scrape health and the alert state.
STANDARD_METRICS = {"up", "ALERTS", "ALERTS_FOR_STATE"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

_PROMQL_WORDS = {
    # aggregations and their modifiers
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
    "count_values", "group", "limitk", "limit_ratio", "by", "without",
    # binary operators and vector matching
    "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset", "atan2",
}
_PROMQL_FUNCTIONS = {
    "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
    "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor",
    "histogram_quantile", "histogram_count", "histogram_sum", "histogram_fraction", "holt_winters",
    "hour", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10",
    "minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort",
    "sort_desc", "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time",
    "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
    "stdvar_over_time", "last_over_time", "present_over_time", "inf", "nan",
}


def contract_metrics(conventions: Path = CONVENTIONS) -> set[str]:
    """Every name the "Metric names" section lists, histogram series included, plus Prometheus' own."""
    text = conventions.read_text(encoding="utf-8")
    section = text.split("## Metric names", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set(STANDARD_METRICS)
    for match in re.finditer(r"`([a-z_:][a-z0-9_:]*)(?:\{[^}]*\})?`(\s*\(histogram\))?", section):
        name, marked_histogram = match.group(1), match.group(2)
        names.add(name)
        if marked_histogram or name.endswith("_seconds"):
            names.update(name + suffix for suffix in HISTOGRAM_SUFFIXES)
    return names


def promql_metric_names(expr: str) -> set[str]:
    """The metric names an expression selects (Grafana's $variables stand for durations or values)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # range and subquery selectors
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", r"\1", text)
    text = re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", "", text)  # $__rate_interval, ${department}
    text = re.sub(r"\b(\d+(ms|s|m|h|d|w|y))+\b", "", text)  # durations: offset 1d, 1h30m
    text = re.sub(r"\b\d+(\.\d+)?(e[+-]?\d+)?\b", "", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        word = match.group(0)
        following = text[match.end():].lstrip()
        if word in _PROMQL_WORDS:
            continue
        if word in _PROMQL_FUNCTIONS and following.startswith("("):
            continue
        names.add(word)
    return names


def schema_tables(schema_dir: Path = SCHEMA_DIR) -> set[str]:
    tables = set()
    for path in sorted(schema_dir.glob("*.sql")):
        tables.update(re.findall(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:\{db\}\.)?(\w+)",
                                 path.read_text(encoding="utf-8"), flags=re.IGNORECASE))
    return tables


def sql_tables(sql: str) -> set[str]:
    """Tables a query reads (FROM / JOIN targets, database prefix dropped; subqueries skipped)."""
    without_strings = re.sub(r"'(?:[^'\\]|\\.)*'", "''", sql)
    found = set()
    for match in re.finditer(r"\b(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)", without_strings, flags=re.IGNORECASE):
        found.add(match.group(1).rsplit(".", 1)[-1])
    return found


def service_ports(conventions: Path = CONVENTIONS) -> dict[str, tuple[int, int]]:
    """{service: (gRPC port or 0, metrics port)} from the Ports table of docs/conventions.md."""
    ports = {}
    text = conventions.read_text(encoding="utf-8")
    for match in re.finditer(r"^\|\s*([a-z]+)\s*\|\s*(\d+|–|-)\s*\|\s*(\d+)", text, flags=re.M):
        name, grpc_port, metrics_port = match.groups()
        ports[name] = (int(grpc_port) if grpc_port.isdigit() else 0, int(metrics_port))
    return ports
