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
    # The model lists departments in catalog order; where the published report did not, only a note says so.
    assert rows and all(equal for *_, equal in rows)
    assert all(note.endswith("same items, listed in another order") for note in notes)
    changed = copy.deepcopy(model)
    changed["resolved"]["overdue_by_department"][1]["fields"]["Đường bộ"] = 2
    changed["online_payments"]["departments"] = sorted(golden["online_payments"]["departments"], reverse=True)
    del changed["satisfaction"]["satisfied"]
    rows, notes = compare_figures(golden, changed)
    wrong = {path for path, _, _, equal in rows if not equal}
    assert wrong == {"resolved.overdue_by_department[Sở Giao thông vận tải].fields.Đường bộ",
                     "satisfaction.satisfied"}
    assert "online_payments.departments: same items, listed in another order" in notes


def test_a_missing_record_and_a_bool_for_a_number_are_mismatches():
    rows, _ = compare_figures({"a": [{"department": "X", "n": 1}], "b": 1}, {"a": [], "b": True})
    assert [path for path, _, _, equal in rows if not equal] == ["a[X].department", "a[X].n", "a (number of items)", "b"]


def test_the_signature_and_recipients_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MOTCUA_AGENCY_SIGNER_NAME", "Nguyễn Văn A")
    monkeypatch.setenv("MOTCUA_AGENCY_SIGNER_TITLE", "KT. CHÁNH VĂN PHÒNG | PHÓ CHÁNH VĂN PHÒNG")
    monkeypatch.setenv("MOTCUA_AGENCY_RECIPIENTS", "Như trên;|Lưu: VT.")
    monkeypatch.setenv("MOTCUA_AGENCY_DOCUMENT_NUMBER", "Số: 12/BC-VPUB")
    monkeypatch.setenv("MOTCUA_LIVE_STALE_SECONDS", "120")
    loaded = settings.load()
    assert loaded.agency["signer_name"] == "Nguyễn Văn A"
    assert loaded.agency["signer_lines"] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert loaded.agency["recipients"] == ["Như trên;", "Lưu: VT."]
    assert loaded.agency["document_number"] == "Số: 12/BC-VPUB" and loaded.live_stale_seconds == 120
    monkeypatch.setenv("MOTCUA_LIVE_STALE_SECONDS", "5")
    with pytest.raises(ConfigError, match="MOTCUA_LIVE_STALE_SECONDS"):
        settings.load()


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
