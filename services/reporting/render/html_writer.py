"""The report document as one self-contained, printable HTML page (inline CSS, charts as base64 PNG)."""
from __future__ import annotations

import base64
from itertools import groupby

from .blocks import HeaderCell, ReportDocument, Table
from .narrative import templates


def header_rows(table: Table) -> list[list[HeaderCell]]:
    ordered = sorted(table.header, key=lambda cell: (cell.first_row, cell.first_col))
    return [list(cells) for _, cells in groupby(ordered, key=lambda cell: cell.first_row)]


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def write_html(report: ReportDocument) -> str:
    template = templates.get_template("report.html.j2")
    return template.render(report=report, header_rows=header_rows, data_uri=data_uri)
