"""The report as LibreOffice prints it (DOCX -> PDF -> text and PNG): what is on page 1, the running
month's mark, the signer, Biểu 06 on a landscape page. Set MOTCUA_SCREENSHOT_DIR to keep the pages."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from motcua_tools import report_pages

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures"
pytestmark = pytest.mark.skipif(bool(report_pages.missing_tools()),
                                reason="LibreOffice / poppler-utils not installed (.ci/run installs them)")


def model(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return Path(os.environ.get("MOTCUA_SCREENSHOT_DIR") or tmp_path_factory.mktemp("pages"))


def test_the_april_report_prints_clean_signed_and_with_a_landscape_biểu_06(folder):
    april = model("report-model-2023-04.json")
    pdf, *images = report_pages.render_pages(april, folder, pages="1,2,last")
    first, last = report_pages.page_text(pdf, 1), report_pages.page_count(pdf)
    assert "BÁO CÁO" in first and "Hà Nam, ngày 02 tháng 5 năm 2023" in first
    for absent in ("LƯU Ý", "TẠM TÍNH", "Ước tính", "6A +"):
        assert absent not in "".join(report_pages.page_text(pdf, n) for n in range(1, last + 1))
    everything = "".join(report_pages.page_text(pdf, n) for n in range(1, last + 1))
    assert "Trương Quốc Việt" in everything and "từ ngày 01/4/2023 đến 30/4/2023" in " ".join(everything.split())
    biểu_06 = report_pages.page_text(pdf, last)
    assert "PHỤ LỤC 03" in biểu_06 and "5.479" in biểu_06
    width, height = report_pages.page_size(pdf, last)
    assert width > height and report_pages.page_size(pdf, 1)[0] < report_pages.page_size(pdf, 1)[1]
    assert [image.stat().st_size > 20_000 for image in images] == [True, True, True]


def test_the_running_month_prints_its_provisional_mark_on_page_one(folder):
    running = model("report-model-2023-04-running.json")
    pdf, image = report_pages.render_pages(running, folder, pages="1")
    first = " ".join(report_pages.page_text(pdf, 1).split())
    assert "SỐ LIỆU TẠM TÍNH đến 10:30 ngày 18/4/2023" in first
    assert "tháng 4/2023 đến thời điểm báo cáo" in first and image.stat().st_size > 20_000
