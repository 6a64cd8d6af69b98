"""render(model, fmt): formats, errors, and how the content follows the model (narrative, flags, as_of)."""
import copy
import io
import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from reporting.render import FORMATS, render
from reporting.render.narrative import default_narrative

pytestmark = pytest.mark.unit

MODEL_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"
GOLDEN = Path(__file__).resolve().parents[2] / "deploy" / "reference" / "golden-2023-04.json"


@pytest.fixture()
def model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_json_is_the_model_with_vietnamese_left_readable(model):
    data = render(model, "json")
    assert json.loads(data) == model
    assert "Sở Tư pháp" in data.decode("utf-8")
    assert b"\n  \"period\"" in data


@pytest.mark.parametrize("fmt", ["pdf", "DOCX", "", None])
def test_unknown_format_is_a_value_error(model, fmt):
    with pytest.raises(ValueError, match="unknown report format"):
        render(model, fmt)


def test_every_format_gives_bytes(model):
    outputs = {fmt: render(model, fmt) for fmt in FORMATS}
    assert outputs["docx"][:2] == b"PK" and outputs["xlsx"][:2] == b"PK"
    assert outputs["html"].startswith(b"<!DOCTYPE html>")


def test_fixture_tables_add_up_to_the_golden_totals(model):
    rows = model["table_by_department"]

    def total(key: str, table: list[dict] = rows) -> int:
        return sum(row[key] for row in table)

    assert total("received_total") == 5479 == total("online") + total("direct_or_postal") + total("carried_over")
    assert total("received_total") == total("resolved_total") + total("in_progress_total") == 4761 + 718
    assert total("early") + total("on_time") == model["resolved"]["on_time_or_early"] == 4743
    assert model["resolved"]["early"] == total("early") and model["resolved"]["on_time"] == total("on_time")
    for key in ("received_total", "resolved_total", "overdue", "in_progress_overdue", "within_deadline"):
        assert total(key, model["table_by_field"]) == total(key)
    for row in rows + model["table_by_field"]:
        assert row["received_total"] == row["online"] + row["direct_or_postal"] + row["carried_over"]
        assert row["resolved_total"] == row["early"] + row["on_time"] + row["overdue"]
        assert row["in_progress_total"] == row["within_deadline"] + row["in_progress_overdue"]
    assert sum(r["amount_vnd"] for r in model["online_payments"]["by_department"]) == 144_490_000
    assert sum(r["total"] for r in model["satisfaction"]["by_department"]) == 408


def contains(actual, expected) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(contains(actual.get(k), v) for k, v in expected.items())
    return actual == expected


def test_fixture_carries_every_golden_figure_under_the_same_path(model):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key, value in golden.items():
        if key != "_about":
            assert contains(model[key], value), key


def test_an_empty_narrative_falls_back_to_the_templates_filled_with_figures(model):
    model["narrative"] = {"assessment_limitations": "", "tasks": None}
    text = docx_text(render(model, "docx"))
    assert "còn 18 hồ sơ giải quyết quá hạn" in text
    assert "tập trung giải quyết dứt điểm 21 hồ sơ đang quá hạn" in text
    assert "1. Đối với Trung tâm PVHCC - KSTTHC" in text


def test_an_edited_narrative_is_used_as_written(model):
    model["narrative"] = {"assessment_limitations": "Hạn chế riêng của tháng.\n- Một ý nhỏ.",
                          "tasks": "# 1. Nhiệm vụ trọng tâm\n1.1. Làm việc A."}
    document = Document(io.BytesIO(render(model, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert "Hạn chế riêng của tháng." in texts and "- Một ý nhỏ." in texts
    assert "1. Nhiệm vụ trọng tâm" in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "1.1. Đối với" not in "\n".join(texts)


def test_default_narrative_quotes_the_months(model):
    narrative = default_narrative(model)
    assert "{{" not in narrative["tasks"] and "tháng 5/2023" in narrative["tasks"]
    assert "65,53%" in narrative["assessment_limitations"]


def test_a_table_that_does_not_add_up_is_flagged_not_hidden(model):
    broken = copy.deepcopy(model)
    broken["table_by_department"][0]["early"] += 1
    text = docx_text(render(broken, "docx"))
    assert "Lỗi – Biểu 06 theo đơn vị, (7) = (8) + (9) + (10): 4.761 ≠ 4.762." in text
    checks = openpyxl.load_workbook(io.BytesIO(render(broken, "xlsx")))["Kiểm tra số liệu"]
    assert "Lệch" in [row[3].value for row in checks.iter_rows()]


def test_no_flags_no_notice_box(model):
    model["consistency"] = []
    assert "LƯU Ý VỀ SỐ LIỆU" not in docx_text(render(model, "docx"))
    assert '<aside class="notice"' not in render(model, "html").decode("utf-8")


def test_as_of_is_stated_when_the_report_is_as_known_at_a_time(model):
    model["as_of"] = "2023-05-01T07:30:00+07:00"
    text = docx_text(render(model, "docx"))
    assert "(số liệu ghi nhận đến 07:30 ngày 01/5/2023)" in text


def test_a_month_without_history_or_appendix_rows_still_renders(model):
    for key in ("history", "history_by_department", "consistency"):
        model[key] = []
    model["satisfaction"]["by_department"] = []
    model["online_payments"]["by_department"] = []
    model["catalog_decisions"] = []
    document = Document(io.BytesIO(render(model, "docx")))
    assert len(document.inline_shapes) == 2
    assert "Trong tháng không có Quyết định công bố Danh mục TTHC mới." in [p.text for p in document.paragraphs]
    assert render(model, "xlsx")[:2] == b"PK" and render(model, "html")
