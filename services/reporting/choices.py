"""The Reporting API's fixed-value arguments: the enum a caller sets, or (for callers built before the
enums) the deprecated text field, as the names the report code uses. Problems name the field."""
from __future__ import annotations

from datetime import datetime

from google.protobuf.struct_pb2 import Struct

from motcua.v1 import reporting_pb2 as rpb
from reporting.arguments import Problems
from reporting.periods import containing

GROUPINGS = {rpb.GROUPING_DEPARTMENT: "department", rpb.GROUPING_FIELD: "field"}
SELECTIONS = {rpb.DOSSIER_SELECTION_OVERDUE: "overdue", rpb.DOSSIER_SELECTION_NEARLY_DUE: "nearly_due",
              rpb.DOSSIER_SELECTION_IN_PROGRESS: "in_progress",
              rpb.DOSSIER_SELECTION_RESOLVED_OVERDUE: "resolved_overdue"}
FORMATS = {rpb.REPORT_FORMAT_JSON: "json", rpb.REPORT_FORMAT_DOCX: "docx", rpb.REPORT_FORMAT_HTML: "html",
           rpb.REPORT_FORMAT_XLSX: "xlsx", rpb.REPORT_FORMAT_CHECKS_DOCX: "checks_docx",
           rpb.REPORT_FORMAT_CHECKS_HTML: "checks_html"}
NEEDS_PERIOD = ("resolved_overdue",)  # the others are the state now when no period is given


def _pick(problems: Problems, request, enum_field: str, text_field: str, names: dict[int, str],
          default: str | None) -> str:
    number = getattr(request, enum_field)
    if number:
        if number not in names:
            problems.append((enum_field, f"{number} is not a known value"))
        return names.get(number, "")
    given = getattr(request, text_field)
    text = given or default or ""
    if not text:
        problems.append((enum_field, f"is required (one of {', '.join(names.values())})"))
    elif text not in names.values():  # the problem is in the text field the caller set
        problems.append((text_field if given else enum_field, f"{text!r} is not one of {', '.join(names.values())}"))
    return text


def grouping(request, problems: Problems) -> str:
    return _pick(problems, request, "group_by", "by", GROUPINGS, "department")


def selection(request, problems: Problems) -> str:
    return _pick(problems, request, "selection", "status", SELECTIONS, None)


def report_format(request, problems: Problems) -> str:
    return _pick(problems, request, "report_format", "format", FORMATS, None)


def enum_of(names: dict[int, str], name: str) -> int:
    return next(number for number, known in names.items() if known == name)


def list_period(request, chosen: str, now: datetime, problems: Problems) -> str:
    """The period a ListDossiers request lists: its own, or for the open states the one running now."""
    if request.period or chosen in NEEDS_PERIOD:
        problems.period(request.period)
        return request.period
    return containing(now)


def struct(model: dict) -> Struct:
    message = Struct()
    message.update(model)
    return message
