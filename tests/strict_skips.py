"""Strict CI: with CI=true a skipped test fails the run, unless it is on the allow-list below with
the reason it may skip there. Everywhere, the summary lists every skip and counts them. tests/conftest.py
takes these hooks in; hypothesis prints a replayable blob of any failing example, and in CI it draws
its examples from the test's own name (derandomize), so a red run replays as it was."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

SKIPS_ALLOWED_IN_CI = {
    # Fills ClickHouse's disk: needs a size-limited tmpfs, which only a runner that may mount
    # (root or unprivileged user namespaces) has; every other fault test still runs.
    "tests/faults/test_disk_full.py::test_a_full_clickhouse_disk_stalls_the_fold_and_loses_nothing",
}

hypothesis_settings.register_profile("motcua", print_blob=True)
hypothesis_settings.register_profile("ci", print_blob=True, derandomize=True, database=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "motcua")

_skipped: dict[str, str] = {}


def _reason(report) -> str:
    longrepr = report.longrepr
    return str(longrepr[2] if isinstance(longrepr, tuple) else longrepr).removeprefix("Skipped: ")


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped[report.nodeid] = _reason(report)


def pytest_collectreport(report):
    if report.skipped:
        _skipped[report.nodeid] = _reason(report)


def refused_skips() -> dict[str, str]:
    if os.environ.get("CI", "").lower() != "true":
        return {}
    return {node: why for node, why in _skipped.items() if node not in SKIPS_ALLOWED_IN_CI}


def pytest_sessionfinish(session, exitstatus):
    if refused_skips() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if not _skipped:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"skips: {len(_skipped)}")
    for node, why in sorted(_skipped.items()):
        allowed = " (allowed in CI)" if node in SKIPS_ALLOWED_IN_CI else ""
        write(f"{node}{allowed}: {why}")
    if refused_skips():
        write(f"CI=true: {len(refused_skips())} skip(s) not on the allow-list (tests/strict_skips.py): the run fails")
