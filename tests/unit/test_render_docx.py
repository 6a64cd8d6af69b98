"""The DOCX report, read back with python-docx as a reader's word processor would see it."""
import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from reporting.render import render
from reporting.render.labels import TABLE_COLUMNS

pytestmark = pytest.mark.unit

MODEL_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def document(model):
    return Document(io.BytesIO(render(model, "docx")))


def all_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def as_int(text: str) -> int:
    return int(text.replace(".", ""))


def test_parts_one_to_three_are_headings_in_the_seed_order(document):
    top = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert top == ["I. KẾT QUẢ HOẠT ĐỘNG", "II. ĐÁNH GIÁ CHUNG", "III. NHIỆM VỤ, GIẢI PHÁP"]
    second = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert second[:5] == [
        "1. Công tác phối hợp niêm yết, công khai TTHC", "2. Công tác khảo sát đánh giá sự hài lòng",
        "3. Tổng hợp hồ sơ tiếp nhận trực tuyến có thanh toán trực tuyến qua Cổng Dịch vụ công quốc gia",
        "4. Kết quả tiếp nhận hồ sơ và trả kết quả giải quyết TTHC", "5. Công tác tiếp nhận, xử lý phản ánh, kiến nghị"]
    third = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert third == ["4.1. Số hồ sơ tiếp nhận", "4.2. Kết quả giải quyết", "4.3. Số hồ sơ đang giải quyết"]


@pytest.mark.parametrize("figure", [
    "5.479", "4.708", "3.085", "65,53%", "1.623", "34,47%", "771", "4.761", "86,90%", "4.743", "99,62%", "0,38%",
    "718", "13,10%", "697", "144.490.000 đồng", "408 lượt", "99,26%", "0,74%", "297 hồ sơ", "17/17", "8/17",
    "626 tài khoản", "tăng 34 hồ sơ so với tháng 3/2023", "82,5/100", "01/63", "16,7%", "18,8/20",
    "(2.076/2.078 hồ sơ)", "từ ngày 01/4/2023 đến 30/4/2023", "Quyết định số 474/QĐ-UBND ngày 27/4/2023",
])
def test_published_figures_are_written_the_vietnamese_way(document, figure):
    assert figure in all_text(document)


def test_overdue_dossiers_are_listed_per_department_and_field_and_the_list_ends_with_a_full_stop(document, model):
    text = all_text(document)
    assert "+ Ban Quản lý các KCN: 4 hồ sơ thuộc lĩnh vực Quản lý doanh nghiệp;" in text
    transport = next(line for line in text.splitlines() if line.startswith("+ Sở Giao thông vận tải: 4 hồ sơ. Trong đó: "))
    assert "1 hồ sơ thuộc lĩnh vực Đường thủy nội địa" in transport and "3 hồ sơ thuộc lĩnh vực Đường bộ" in transport
    items = [p.text for p in document.paragraphs if p.text.startswith("+ ")]
    listed = model["resolved"]["overdue_by_department"]
    assert [item.split(":")[0][2:] for item in items] == [entry["department"] for entry in listed]
    assert all(item.endswith(";") for item in items[:-1]) and items[-1].endswith(".")


def test_the_signed_report_quotes_the_published_766_index_and_leaves_the_estimate_to_the_annex(document, model):
    text = all_text(document)
    assert "82,5/100 điểm" in text and "18,8/20" in text
    assert not [t for t in document.tables if t.rows[0].cells[0].text == "Nhóm chỉ số"]
    assert "/36" not in text and "6A + " not in text
    annex = Document(io.BytesIO(render(model, "checks_docx")))
    table = next(t for t in annex.tables if t.rows[0].cells[0].text == "Nhóm chỉ số")
    rows = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in table.rows[1:]}
    estimate = model["index_766_estimate"]["components"]["tien_do_ket_qua_giai_quyet"]
    assert rows["Tiến độ, kết quả giải quyết"][0] == "18,8/20"
    assert rows["Tiến độ, kết quả giải quyết"][1] == f"{estimate['score']}/{estimate['max']}".replace(".", ",")
    assert rows["Cộng các chỉ số thành phần"][0] == "87,3"  # 16,7 + 18,8 + ... as published, by hand
    assert rows["Tổng điểm"][0] == "82,5/100"


def test_no_data_notice_in_the_signed_report(document, model):
    assert not [t for t in document.tables if t.rows[0].cells[0].text.startswith("LƯU Ý VỀ SỐ LIỆU")]
    text = all_text(document)
    assert model["consistency"] and not [f for f in model["consistency"] if f["message"] in text]


def test_the_signer_is_named_under_the_title_lines(document, model):
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    lines = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert lines == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Trương Quốc Việt"]  # as the April report
    renamed = {**model, "agency": {**model["agency"], "signer_name": "Nguyễn Thị B", "signer_lines": ["CHÁNH VĂN PHÒNG"],
                                   "recipients": ["Như trên;", "Lưu: VT."]}}
    other = Document(io.BytesIO(render(renamed, "docx")))
    signature = next(t for t in other.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    assert [p.text for p in signature.rows[0].cells[1].paragraphs if p.text] == ["CHÁNH VĂN PHÒNG", "Nguyễn Thị B"]
    assert [p.text for p in signature.rows[0].cells[0].paragraphs][1:] == ["- Như trên;", "- Lưu: VT."]


def test_appendix_03_is_the_13_column_form_with_a_row_per_department_and_totals(document, model):
    table = next(t for t in document.tables if len(t.columns) == 13)
    numbers = [cell.text for cell in table.rows[3].cells]
    assert numbers == [f"({n})" for n in range(1, 14)]
    body = table.rows[4:]
    departments = model["table_by_department"]
    assert len(body) == len(departments) + 1
    for row, expected in zip(body, departments):
        cells = [cell.text for cell in row.cells]
        assert cells[1] == expected["department"]
        assert [as_int(text) for text in cells[2:]] == [expected[key] for key in TABLE_COLUMNS]
    totals = [cell.text for cell in body[-1].cells]
    assert totals[1] == "Tổng cộng"
    # The published April totals (seed report); (8) and (9) are published only as their sum, 4.743.
    assert totals[2:7] + totals[9:] == ["5.479", "3.085", "1.623", "771", "4.761", "18", "718", "697", "21"]
    assert as_int(totals[7]) + as_int(totals[8]) == 4743
    assert as_int(totals[2]) == model["intake"]["total"]
    assert as_int(totals[6]) == model["resolved"]["total"]
    assert as_int(totals[7]) + as_int(totals[8]) == model["resolved"]["on_time_or_early"]


def test_appendices_01_and_02_add_up_to_the_report(document, model):
    survey = next(t for t in document.tables if "Tổng số lượt đánh giá" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in survey.rows[-1].cells][1:] == ["Tổng cộng", "408", "405", "3", "0"]
    payments = next(t for t in document.tables if t.rows[0].cells[-1].text == "Số tiền (đồng)")
    assert [c.text for c in payments.rows[-1].cells][1:] == ["Tổng cộng", "297", "144.490.000"]
    assert len(payments.rows) == 2 + len(model["online_payments"]["by_department"]) + 1


def test_national_header_follows_decree_30(document):
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert left.paragraphs[0].text == "UBND TỈNH HÀ NAM" and left.paragraphs[1].text == "VĂN PHÒNG"
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = right.paragraphs[1]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].underline and motto.runs[0].bold
    dated = header.rows[1].cells[1].paragraphs[0]
    assert dated.text == "Hà Nam, ngày 02 tháng 5 năm 2023" and dated.runs[0].italic
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    texts = [p.text for p in document.paragraphs[:3]]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Kết quả hoạt động của Trung tâm Phục vụ hành chính công") for t in texts)


def test_signature_and_recipients(document):
    text = all_text(document)
    assert "Nơi nhận:" in text and "- Lưu: VT, HCCKSTT." in text
    assert "KT. CHÁNH VĂN PHÒNG" in text and "PHÓ CHÁNH VĂN PHÒNG" in text
    assert "trân trọng báo cáo./." in text


def test_fonts_are_times_new_roman_everywhere(document):
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        assert style.font.name == "Times New Roman" and style.element.rPr.rFonts.get(qn("w:asciiTheme")) is None
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
             for run in p.runs]
    assert {run.font.name for run in runs} <= {None, "Times New Roman"}
    sizes = {run.font.size.pt for run in runs if run.font.size}
    assert min(sizes) >= 10 and max(sizes) <= 14


def test_a4_pages_with_administrative_margins_and_a_landscape_appendix_03(document):
    sections = document.sections
    for section in sections:
        assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
        margins = {side: round(getattr(section, f"{side}_margin").mm, 1) for side in ("top", "bottom", "left", "right")}
        assert 20 <= margins["top"] <= 25 and 20 <= margins["bottom"] <= 25
        assert 30 <= margins["left"] <= 35 and 15 <= margins["right"] <= 20
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_four_charts_are_embedded_with_captions(document):
    assert len(document.inline_shapes) == 4
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ")]
    assert [caption.split(".")[0] for caption in captions] == [f"Biểu đồ {n}" for n in range(1, 5)]
    assert "theo lĩnh vực" in captions[3]


RUNNING_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04-running.json"


def test_a_running_month_says_until_when_and_is_marked_provisional():
    running = json.loads(RUNNING_PATH.read_text(encoding="utf-8"))
    assert running["complete"] is False and running["figures_until"].startswith("2023-04-18T10:30")
    document = Document(io.BytesIO(render(running, "docx")))
    text = all_text(document)
    assert "SỐ LIỆU TẠM TÍNH đến 10:30 ngày 18/4/2023" in [p.text for p in document.paragraphs[:6]]
    assert "từ ngày 01/4/2023 tính đến 10:30 ngày 18/4/2023" in text
    assert "đến 30/4/2023" not in text and "tháng 4/2023 đến thời điểm báo cáo" in text
    html = render(running, "html").decode("utf-8")
    assert '<p class="provisional">SỐ LIỆU TẠM TÍNH đến 10:30 ngày 18/4/2023</p>' in html


def test_a_finished_month_says_nothing_of_the_kind(document, model):
    assert model["complete"] is True
    text = all_text(document)
    assert "TẠM TÍNH" not in text and "tính đến" not in text and "đến thời điểm báo cáo" not in text
    assert "từ ngày 01/4/2023 đến 30/4/2023" in text


def test_empty_groups_are_written_as_prose(model):
    empty = json.loads(json.dumps(model))
    empty["online_payments"].update(dossiers=0, amount_vnd=0, departments=[], by_department=[],
                                    change_vs_previous_month=None)
    empty["departments_fully_online"], empty["departments_with_online"] = [], 0
    empty["digital_id_accounts_assisted"] = 0
    empty["resolved"]["overdue_by_department"] = []
    text = all_text(Document(io.BytesIO(render(empty, "docx"))))
    assert "0 Sở, ban, ngành" not in text and "()" not in text and " 0/" not in text
    assert "không có Sở, ban, ngành nào có hồ sơ tiếp nhận trực tuyến được thanh toán" in text
    assert "không có Sở, ban, ngành nào phát sinh hồ sơ TTHC bằng hình thức trực tuyến" in text
    assert "không có cơ quan, đơn vị nào có hồ sơ thanh toán trực tuyến" in text
    assert not [line for line in text.splitlines() if line.startswith("+ ")]
    some = json.loads(json.dumps(model))
    some["departments_fully_online"] = []
    assert "chưa có cơ quan, đơn vị nào có 100% hồ sơ trực tuyến." in all_text(Document(io.BytesIO(render(some, "docx"))))
