"""Strict CI, run on a throw-away test folder: a skip fails the run with CI=true unless allow-listed,
and passes without CI; every skip is listed with its reason."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

ALLOWED = "tests/faults/test_disk_full.py::test_a_full_clickhouse_disk_stalls_the_fold_and_loses_nothing"


def run(tmp_path, ci: str, *, allow: bool = False) -> subprocess.CompletedProcess:
    folder = tmp_path / "tests" / "faults" if allow else tmp_path / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    (tmp_path / "conftest.py").write_text(
        "from tests.strict_skips import (pytest_collectreport, pytest_runtest_logreport,\n"
        "    pytest_sessionfinish, pytest_terminal_summary)\n")
    name = "test_disk_full.py" if allow else "test_some.py"
    test = "test_a_full_clickhouse_disk_stalls_the_fold_and_loses_nothing" if allow else "test_skipping"
    (folder / name).write_text(f"import pytest\n\ndef test_passing():\n    pass\n\n"
                               f"def {test}():\n    pytest.skip('no such tool here')\n")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
                           str(tmp_path), str(tmp_path)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_skip_fails_a_ci_run_and_is_listed_with_its_reason(tmp_path):
    done = run(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    assert "tests/test_some.py::test_skipping: no such tool here" in done.stdout
    assert "1 skip(s) not on the allow-list" in done.stdout


def test_the_same_skip_outside_ci_passes(tmp_path):
    done = run(tmp_path, "")
    assert done.returncode == 0, done.stdout
    assert "skips: 1" in done.stdout


def test_an_allow_listed_skip_passes_in_ci(tmp_path):
    done = run(tmp_path, "true", allow=True)
    assert done.returncode == 0, done.stdout
    assert f"{ALLOWED} (allowed in CI): no such tool here" in done.stdout
