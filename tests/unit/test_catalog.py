"""The reference catalog: the shipped files load, and broken files say where they are broken."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from motcua.catalog import Catalog, Department, Procedure

pytestmark = pytest.mark.unit

REFERENCE = Path(__file__).resolve().parents[2] / "deploy" / "reference"
GOLDEN = REFERENCE / "golden-2023-04.json"  # the published month, kept with the catalog
GOOD_DEPARTMENT = {"code": "TU_PHAP", "name": "Sở Tư pháp", "short_name": "Tư pháp"}
GOOD_PROCEDURE = {"code": "TP-001", "department": "TU_PHAP", "field": "Lý lịch tư pháp",
                  "name": "Cấp Phiếu lý lịch tư pháp", "processing_days": 10, "fee_vnd": 200000}


def write_reference(directory: Path, departments: object, procedures: object) -> Path:
    for name, content in (("departments.json", departments), ("procedures.json", procedures)):
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REFERENCE)


def test_the_shipped_catalog(catalog):
    assert len(catalog.departments) == 17
    assert catalog.department("NNPTNT") == Department("NNPTNT", "Sở Nông nghiệp và PTNT", "Nông nghiệp và PTNT")
    assert catalog.department_name("BQL_KCN") == "Ban Quản lý các KCN"
    assert catalog.department("LDTBXH").short_name == "Lao động - TB và XH"
    assert catalog.department_by_name("Sở Công Thương").code == "CONG_THUONG"
    assert catalog.procedure("TP-001").field == "Lý lịch tư pháp"
    assert {"Hộ tịch", "Lý lịch tư pháp"} <= set(catalog.fields("TU_PHAP"))
    assert {"Đường bộ", "Đường thủy nội địa", "Đăng kiểm"} <= set(catalog.fields("GTVT"))
    for department in catalog.departments:
        assert 4 <= len(catalog.procedures_of(department.code)) <= 8, department.code
        assert unicodedata.is_normalized("NFC", department.name + department.short_name)
    assert all(p.processing_days >= 1 and p.fee_vnd >= 0 for p in catalog.procedures)


def test_unknown_codes(catalog):
    assert catalog.department("NOPE") is None
    assert catalog.procedure("NOPE-001") is None
    assert catalog.department_name("NOPE") == "NOPE"
    assert catalog.fields("NOPE") == ()


def test_every_golden_department_and_field_is_in_the_catalog(catalog):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    names = {row["department"] for row in golden["new_by_department"]}
    assert names == {d.name for d in catalog.departments}
    fields = [(row["department"], field) for row in golden["resolved"]["overdue_by_department"]
              for field in row["fields"]]
    fields += [(row["department"], field) for row in golden["catalog_decisions"] for field in row["fields"]]
    for name, field in fields:
        assert field in catalog.fields(catalog.department_by_name(name).code), (name, field)
    paying = [catalog.department_by_name(name).code for name in golden["online_payments"]["departments"]]
    assert all(any(p.fee_vnd > 0 for p in catalog.procedures_of(code)) for code in paying)


def test_loads_from_the_configured_directory(monkeypatch, tmp_path):
    write_reference(tmp_path, [GOOD_DEPARTMENT], [GOOD_PROCEDURE])
    monkeypatch.setenv("MOTCUA_REFERENCE_DIR", str(tmp_path))
    catalog = Catalog.load()
    assert catalog.procedures == (Procedure(**GOOD_PROCEDURE),)


@pytest.mark.parametrize(("departments", "procedures", "message"), [
    ("[{", [GOOD_PROCEDURE], r"departments\.json: invalid JSON at line 1"),
    ({"code": "X"}, [GOOD_PROCEDURE], r"departments\.json: expected a JSON list"),
    ([GOOD_DEPARTMENT, "TU_PHAP"], [GOOD_PROCEDURE], r"departments\.json: entry 1: expected a JSON object"),
    ([GOOD_DEPARTMENT, {"code": "X", "name": "Sở X"}], [], r"departments\.json: entry 1: missing key 'short_name'"),
    ([GOOD_DEPARTMENT, GOOD_DEPARTMENT], [], r"departments\.json: entry 1: code 'TU_PHAP' repeats entry 0"),
    ([GOOD_DEPARTMENT], [GOOD_PROCEDURE, {**GOOD_PROCEDURE, "code": "TP-002", "department": "NOPE"}],
     r"procedures\.json: entry 1: unknown department 'NOPE'"),
    ([GOOD_DEPARTMENT], [{**GOOD_PROCEDURE, "processing_days": "10"}],
     r"procedures\.json: entry 0: 'processing_days' must be an integer >= 1"),
    ([GOOD_DEPARTMENT], [{**GOOD_PROCEDURE, "processing_days": True}], r"entry 0: 'processing_days'"),
    ([GOOD_DEPARTMENT], [{**GOOD_PROCEDURE, "fee_vnd": -1}], r"entry 0: 'fee_vnd' must be an integer >= 0"),
    ([GOOD_DEPARTMENT], [{**GOOD_PROCEDURE, "field": " "}], r"entry 0: 'field' must be a non-empty string"),
    ([GOOD_DEPARTMENT], [GOOD_PROCEDURE, GOOD_PROCEDURE], r"procedures\.json: entry 1: code 'TP-001' repeats"),
])
def test_malformed_files_name_the_file_and_the_entry(tmp_path, departments, procedures, message):
    write_reference(tmp_path, departments, procedures)
    with pytest.raises(ValueError, match=message):
        Catalog.load(tmp_path)


def test_a_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"departments\.json: reference file not found"):
        Catalog.load(tmp_path)
