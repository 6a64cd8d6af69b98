"""Renderers of the monthly report model (a JSON-serialisable dict) into JSON, DOCX, HTML and XLSX bytes."""
from __future__ import annotations

import json
from collections.abc import Callable

# checks_docx / checks_html: the companion "Phiếu kiểm tra số liệu", a working paper never signed or sent.
FORMATS = ("json", "docx", "html", "xlsx", "checks_docx", "checks_html")
MEDIA_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MEDIA_TYPES |= {"checks_docx": MEDIA_TYPES["docx"], "checks_html": MEDIA_TYPES["html"]}
EXTENSIONS = {"checks_docx": "kiem-tra.docx", "checks_html": "kiem-tra.html"}  # else the format's own name


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


def _checks_docx(model: dict) -> bytes:
    from .checks import build_checks_document
    from .docx_writer import write_docx

    return write_docx(build_checks_document(model))


def _checks_html(model: dict) -> bytes:
    from .checks import build_checks_document
    from .html_writer import write_html

    return write_html(build_checks_document(model)).encode("utf-8")


def _xlsx(model: dict) -> bytes:
    from .xlsx_writer import write_xlsx

    return write_xlsx(model)


# Imports stay inside the renderers so that JSON never pays for matplotlib, python-docx or openpyxl.
_RENDERERS: dict[str, Callable[[dict], bytes]] = {"json": _json, "docx": _docx, "html": _html, "xlsx": _xlsx,
                                                  "checks_docx": _checks_docx, "checks_html": _checks_html}


def render(model: dict, fmt: str) -> bytes:
    """The report in one of FORMATS; ValueError for any other format."""
    try:
        renderer = _RENDERERS[fmt]
    except (KeyError, TypeError):
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(model)


def filename(period: str, fmt: str) -> str:
    """report-2023-04.docx; report-2023-04-kiem-tra.docx for the checking annex."""
    return f"report-{period}.{fmt}" if fmt not in EXTENSIONS else f"report-{period}-{EXTENSIONS[fmt]}"


__all__ = ["EXTENSIONS", "FORMATS", "MEDIA_TYPES", "filename", "render"]
