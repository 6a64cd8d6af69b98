"""Charts draw headless (Agg, no pyplot) and every Vietnamese glyph is in the font."""
import io
import json
import warnings
from pathlib import Path

import pytest
from PIL import Image

from reporting.render import charts, charts_fields
from reporting.render.preview import write_all

pytestmark = pytest.mark.unit

MODEL_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"
DIACRITICS = "Sở Nông nghiệp và Phát triển nông thôn – Đắk Lắk, Thừa Thiên Huế, Bà Rịa - Vũng Tàu"


def test_vietnamese_labels_draw_without_missing_glyphs():
    rows = [{"department": DIACRITICS, "new": 10, "online": 7},
            {"department": "Sở Tư pháp ỹỵửữự", "new": 3, "online": 0}]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts.online_share_by_department(rows, 70.0)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 1200


def test_on_time_chart_handles_departments_without_resolved_dossiers():
    rows = [{"department": "Sở Nội vụ", "resolved_total": 16, "early": 10, "on_time": 4, "overdue": 2},
            {"department": "Sở Y tế", "resolved_total": 0, "early": 0, "on_time": 0, "overdue": 0}]
    assert charts.on_time_by_department(rows)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_same_data_is_drawn_once():
    history = [{"period": "2023-03", "new": 10, "online": 5}, {"period": "2023-04", "new": 12, "online": 9}]
    assert charts.month_over_month(history) is charts.month_over_month(json.loads(json.dumps(history)))


def test_preview_writes_every_format_and_the_checking_annex(tmp_path):
    written = write_all(MODEL_PATH, tmp_path)
    assert sorted(path.name for path in written) == [
        "report-2023-04-kiem-tra.docx", "report-2023-04-kiem-tra.html", "report-2023-04.docx", "report-2023-04.html",
        "report-2023-04.json", "report-2023-04.xlsx"]
    assert all(path.stat().st_size > 1000 for path in written)


def test_the_field_chart_sums_fields_of_the_same_name_and_keeps_every_dossier():
    """Bars add up to column (3): (8) + (9) + (10) + (12) + (13), summed by hand below."""
    def row(field, early, on_time, overdue, within, late):
        return {"field": field, "early": early, "on_time": on_time, "overdue": overdue, "within_deadline": within,
                "in_progress_overdue": late, "received_total": early + on_time + overdue + within + late}
    rows = [row("Đất đai", 5, 1, 0, 3, 1), row("Hộ tịch", 2, 0, 0, 1, 0), row("Đất đai", 1, 0, 1, 0, 0),
            *(row(f"Lĩnh vực {n}", 1, 0, 0, 0, 0) for n in range(3))]
    bars = charts_fields.field_totals(rows, limit=3)
    assert [name for name, _ in bars] == ["Đất đai", "Hộ tịch", "Các lĩnh vực khác (3)"]
    assert bars[0][1]["received_total"] == 12 and bars[0][1]["overdue"] == 1
    assert sum(totals["received_total"] for _, totals in bars) == 12 + 3 + 3
    assert charts_fields.table_by_field(rows)[:4] == b"\x89PNG"
