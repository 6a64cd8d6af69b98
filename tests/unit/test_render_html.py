"""The HTML report, parsed back with html.parser."""
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reporting.render import render
from reporting.render.labels import TABLE_COLUMNS

pytestmark = pytest.mark.unit

MODEL_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"


class ReportPage(HTMLParser):
    """Collects the visible text, headings, tables (by id, cell texts per row), images and external references."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: dict[str, list[str]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.images: list[str] = []
        self.external: list[str] = []
        self.lang = ""
        self._heading: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._skip = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang", "")
        elif tag in ("h1", "h2", "h3", "h4"):
            self._heading = tag
            self.headings.setdefault(tag, []).append("")
        elif tag == "table" and attributes.get("id"):
            self._table = attributes["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "img":
            self.images.append(attributes.get("src", ""))
        elif tag in ("style", "script"):
            self._skip = True
        for name in ("src", "href"):
            if (attributes.get(name) or "").startswith(("http:", "https:", "//")):
                self.external.append(attributes[name])

    def handle_endtag(self, tag):
        if tag == self._heading:
            self._heading = None
        elif tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("style", "script"):
            self._skip = False

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._heading:
            self.headings[self._heading][-1] += data
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(model) -> ReportPage:
    return parse(render(model, "html").decode("utf-8"))


def parse(html: str) -> ReportPage:
    parser = ReportPage()
    parser.feed(html)
    parser.close()
    parser.raw = html
    return parser


def test_one_self_contained_vietnamese_page(page):
    assert page.raw.startswith("<!DOCTYPE html>")
    assert page.lang == "vi"
    assert page.external == []
    assert "<style>" in page.raw and "@page" in page.raw and "<link" not in page.raw
    assert len(page.images) == 4 and all(src.startswith("data:image/png;base64,") for src in page.images)


def test_same_parts_and_sections_as_the_document(page):
    assert page.headings["h1"] == ["BÁO CÁO"]
    assert page.headings["h2"][:3] == ["I. KẾT QUẢ HOẠT ĐỘNG", "II. ĐÁNH GIÁ CHUNG", "III. NHIỆM VỤ, GIẢI PHÁP"]
    appendices = [h[:10] for h in page.headings["h2"] if h.startswith("PHỤ LỤC")]
    assert appendices == ["PHỤ LỤC 01", "PHỤ LỤC 02", "PHỤ LỤC 03"]
    assert page.headings["h4"] == ["4.1. Số hồ sơ tiếp nhận", "4.2. Kết quả giải quyết",
                                   "4.3. Số hồ sơ đang giải quyết"]


@pytest.mark.parametrize("figure", ["5.479", "65,53%", "144.490.000 đồng", "99,62%", "13,10%", "17/17", "8/17",
                                    "626", "82,5/100", "Hà Nam, ngày 02 tháng 5 năm 2023",
                                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
def test_figures_are_in_the_text(page, figure):
    assert figure in "".join(page.text)


def test_the_report_page_carries_no_data_notes(page, model):
    assert '<aside class="notice"' not in page.raw
    text = "".join(page.text)
    assert "Lưu ý về số liệu" not in text and "Ước tính" not in text
    for flag in model["consistency"]:
        assert flag["message"] not in text


def test_the_checking_annex_page_lists_every_flag(model):
    annex = parse(render(model, "checks_html").decode("utf-8"))
    text = "".join(annex.text)
    assert "PHIẾU KIỂM TRA SỐ LIỆU" in text and "CỘNG HÒA XÃ HỘI" not in text
    for flag in model["consistency"]:
        assert flag["message"] in text


def test_appendix_03_rows_match_the_model(page, model):
    rows = page.tables["table-appendix_03"]
    assert rows[3] == [f"({n})" for n in range(1, 14)]
    body = rows[4:]
    assert len(body) == len(model["table_by_department"]) + 1
    for cells, expected in zip(body, model["table_by_department"]):
        assert cells[1] == expected["department"]
        assert [int(c.replace(".", "")) for c in cells[2:]] == [expected[key] for key in TABLE_COLUMNS]
    # The published April totals (seed report); (8) + (9) is published only as their sum, 4.743.
    total = body[-1]
    assert total[1:7] + total[9:] == ["Tổng cộng", "5.479", "3.085", "1.623", "771", "4.761", "18", "718", "697", "21"]
    assert int(total[7].replace(".", "")) + int(total[8].replace(".", "")) == 4743


def test_header_spans_follow_the_official_form(page):
    start = page.raw.index('id="table-appendix_03"')
    head = page.raw[start:page.raw.index("</thead>", start)]
    assert '<th colspan="4">Số hồ sơ nhận giải quyết</th>' in head
    assert '<th colspan="7">Kết quả giải quyết</th>' in head
    assert '<th rowspan="3">STT</th>' in head


def test_appendices_01_02_totals(page):
    assert page.tables["table-appendix_01"][-1][1:] == ["Tổng cộng", "408", "405", "3", "0"]
    assert page.tables["table-appendix_02"][-1][1:] == ["Tổng cộng", "297", "144.490.000"]


def test_text_is_escaped(model):
    hostile = json.loads(json.dumps(model))
    hostile["consistency"][0]["message"] = "<script>alert(1)</script>"
    html = render(hostile, "checks_html").decode("utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
