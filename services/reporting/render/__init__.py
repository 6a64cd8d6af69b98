"""Renderers of the monthly report model (a JSON-serialisable dict) into JSON, DOCX, HTML and XLSX bytes."""
from __future__ import annotations

import json
from collections.abc import Callable

FORMATS = ("json", "docx", "html", "xlsx")
MEDIA_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _json(model: dict) -> bytes:
    return json.dumps(model, ensure_ascii=False, indent=2).encode("utf-8")


def _docx(model: dict) -> bytes:
    from .document import build_document
    from .docx_writer import write_docx

    return write_docx(build_document(model))


def _html(model: dict) -> bytes:
    from .document import build_document
    from .html_writer import write_html

    return write_html(build_document(model)).encode("utf-8")


def _xlsx(model: dict) -> bytes:
    from .xlsx_writer import write_xlsx

    return write_xlsx(model)


# Imports stay inside the renderers so that JSON never pays for matplotlib, python-docx or openpyxl.
_RENDERERS: dict[str, Callable[[dict], bytes]] = {"json": _json, "docx": _docx, "html": _html, "xlsx": _xlsx}


def render(model: dict, fmt: str) -> bytes:
    """The report in one of FORMATS; ValueError for any other format."""
    try:
        renderer = _RENDERERS[fmt]
    except (KeyError, TypeError):
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(model)


__all__ = ["FORMATS", "MEDIA_TYPES", "render"]
