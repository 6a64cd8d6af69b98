"""The demo's figure-by-figure comparison, and the reporting process's own settings."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from motcua.config import ConfigError
from motcua_tools.demo.run import GOLDEN, compare_figures
from reporting import settings

FIXTURE = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_a_model_with_the_published_figures_matches_and_a_changed_figure_does_not(golden):
    model = json.loads(FIXTURE.read_text(encoding="utf-8"))
    rows, notes = compare_figures(golden, model)
    assert rows and all(equal for *_, equal in rows) and notes == []
    changed = copy.deepcopy(model)
    changed["resolved"]["overdue_by_department"][1]["fields"]["Đường bộ"] = 2
    changed["online_payments"]["departments"].reverse()
    del changed["satisfaction"]["satisfied"]
    rows, notes = compare_figures(golden, changed)
    wrong = {path for path, _, _, equal in rows if not equal}
    assert wrong == {"resolved.overdue_by_department[Sở Giao thông vận tải].fields.Đường bộ",
                     "satisfaction.satisfied"}
    assert notes == ["online_payments.departments: same items, listed in another order"]


def test_a_missing_record_and_a_bool_for_a_number_are_mismatches():
    rows, _ = compare_figures({"a": [{"department": "X", "n": 1}], "b": 1}, {"a": [], "b": True})
    assert [path for path, _, _, equal in rows if not equal] == ["a[X].department", "a[X].n", "a (number of items)", "b"]


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("MOTCUA_REPORT_DAY", "3")
    monkeypatch.setenv("MOTCUA_LIVE_PORT", "0")
    monkeypatch.setenv("MOTCUA_AGENCY_PROVINCE", "Ninh Bình")
    loaded = settings.load()
    assert loaded.schedule.day == 3 and loaded.schedule.hour == 6 and loaded.live_port == 0
    assert loaded.agency["province"] == "Ninh Bình" and loaded.agency["issuer"] == "Văn phòng UBND tỉnh"
    monkeypatch.setenv("MOTCUA_REPORT_DAY", "0")
    assert settings.load().schedule is None
    monkeypatch.setenv("MOTCUA_REPORT_DAY", "31")
    with pytest.raises(ConfigError, match="MOTCUA_REPORT_DAY"):
        settings.load()


def test_the_letterhead_read_from_the_environment_is_the_one_the_report_prints():
    from motcua.config import AGENCY_KEYS
    from reporting.model import DEFAULT_AGENCY

    assert set(AGENCY_KEYS) == set(DEFAULT_AGENCY)
