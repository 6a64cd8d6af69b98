"""The reference catalog: departments and their administrative procedures (deploy/reference)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEPARTMENTS_FILE = "departments.json"
PROCEDURES_FILE = "procedures.json"


@dataclass(frozen=True)
class Department:
    code: str
    name: str        # display name, as reports print it: "Sở Tư pháp"
    short_name: str  # as lists in the report write it: "Tư pháp"


@dataclass(frozen=True)
class Procedure:
    code: str
    department: str
    field: str
    name: str
    processing_days: int  # working days
    fee_vnd: int          # 0 for free procedures


class Catalog:
    def __init__(self, departments: Iterable[Department], procedures: Iterable[Procedure]) -> None:
        self.departments: tuple[Department, ...] = tuple(departments)
        self.procedures: tuple[Procedure, ...] = tuple(procedures)
        self._departments = {d.code: d for d in self.departments}
        self._by_name = {d.name: d for d in self.departments}
        self._procedures = {p.code: p for p in self.procedures}
        if len(self._departments) != len(self.departments):
            raise ValueError("duplicate department codes in the catalog")
        if len(self._procedures) != len(self.procedures):
            raise ValueError("duplicate procedure codes in the catalog")

    @classmethod
    def load(cls, path: str | Path | None = None) -> Catalog:
        """Read departments.json and procedures.json from the directory `path`.

        Without a path, the directory is the configured reference dir (MOTCUA_REFERENCE_DIR).
        """
        if path is None:
            from motcua import config

            path = config.load().reference_dir
        directory = Path(path)
        departments = _unique([_department(e) for e in _entries(directory / DEPARTMENTS_FILE)],
                              directory / DEPARTMENTS_FILE)
        known = {d.code for d in departments}
        procedures = _unique([_procedure(e, known) for e in _entries(directory / PROCEDURES_FILE)],
                             directory / PROCEDURES_FILE)
        return cls(departments, procedures)

    def department(self, code: str) -> Department | None:
        return self._departments.get(code)

    def department_by_name(self, name: str) -> Department | None:
        return self._by_name.get(name)

    def department_name(self, code: str) -> str:
        """The display name; an unknown code is shown as is rather than failing a whole report."""
        department = self._departments.get(code)
        return department.name if department else code

    def procedure(self, code: str) -> Procedure | None:
        return self._procedures.get(code)

    def procedures_of(self, department: str) -> tuple[Procedure, ...]:
        return tuple(p for p in self.procedures if p.department == department)

    def fields(self, department: str) -> tuple[str, ...]:
        """The department's fields, in catalog order, each once."""
        return tuple(dict.fromkeys(p.field for p in self.procedures if p.department == department))


class _Entry:
    """One object of a reference file, with what an error message needs to point at it."""

    def __init__(self, file: Path, index: int, data: Any) -> None:
        self.file, self.index, self.data = file, index, data

    def fail(self, reason: str) -> ValueError:
        return ValueError(f"{self.file}: entry {self.index}: {reason}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string, not {value!r}")
        return value

    def integer(self, key: str, minimum: int) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(f"{key!r} must be an integer >= {minimum}, not {value!r}")
        return value

    def _get(self, key: str) -> Any:
        if key not in self.data:
            raise self.fail(f"missing key {key!r}")
        return self.data[key]


def _entries(file: Path) -> list[_Entry]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{file}: reference file not found") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, list):
        raise ValueError(f"{file}: expected a JSON list of objects")
    entries = [_Entry(file, index, item) for index, item in enumerate(data)]
    for entry in entries:
        if not isinstance(entry.data, dict):
            raise entry.fail("expected a JSON object")
    return entries


def _unique(items: list[Any], file: Path) -> list[Any]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.code in seen:
            raise ValueError(f"{file}: entry {index}: code {item.code!r} repeats entry {seen[item.code]}")
        seen[item.code] = index
    return items


def _department(entry: _Entry) -> Department:
    return Department(entry.text("code"), entry.text("name"), entry.text("short_name"))


def _procedure(entry: _Entry, departments: set[str]) -> Procedure:
    department = entry.text("department")
    if department not in departments:
        raise entry.fail(f"unknown department {department!r}")
    return Procedure(code=entry.text("code"), department=department, field=entry.text("field"),
                     name=entry.text("name"), processing_days=entry.integer("processing_days", 1),
                     fee_vnd=entry.integer("fee_vnd", 0))
