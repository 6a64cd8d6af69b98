"""The bench's verdict: each goal met or missed by its own comparison, every figure and goal in the
JSON, and the run failing when any goal is missed, unmeasured, or a bench failed."""
from __future__ import annotations

import json

from motcua_tools.bench import goals
from motcua_tools.bench.goals import Results


def test_goals_are_judged_by_their_own_comparison_and_written_met_or_not(tmp_path):
    results = Results()
    results.figure("commands", "SubmitBatch events/s", 5000.0, "events/s")
    assert results.goal("commands", "ratio", 0.6, ">=", 0.5, "x").met
    assert not results.goal("projector", "CPU per event", 9.5, "<=", 8.0, "us").met
    assert results.goal("projector", "p99", 1.0, "<=", 1.0, "s").met
    assert not results.all_met
    results.write(tmp_path / "out" / "bench.json")
    written = json.loads((tmp_path / "out" / "bench.json").read_text())
    assert [(g["name"], g["met"]) for g in written["goals"]] == [("ratio", True), ("CPU per event", False),
                                                                 ("p99", True)]
    assert written["figures"]["commands"]["SubmitBatch events/s"] == {"value": 5000.0, "unit": "events/s"}
    assert written["all_goals_met"] is False


def test_an_unmeasured_goal_or_a_failed_bench_fails_the_run():
    assert not Results(goals=[goals.Goal("reporting", "model", None, "<=", 2.0, "s")]).all_met
    assert not Results(failures={"projector": "RuntimeError: no broker"}).all_met
    met = Results()
    met.goal("reporting", "model", 1.2, "<=", 2.0, "s")
    assert met.all_met
