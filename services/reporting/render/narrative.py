"""Editable text blocks of the report (II.2 limitations, III tasks) and their default templates.

A narrative is plain text, one paragraph a line: '# ' starts a numbered sub-heading, '- ' or '+ ' an item.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from .blocks import Block, Heading, Paragraph
from .labels import join_vi, short_department
from .vn_format import next_period, vn_int, vn_month, vn_pct

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
NARRATIVE_KEYS = ("assessment_limitations", "tasks")

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def figures_context(model: dict) -> dict[str, str]:
    """Figures a narrative template may quote, already written the Vietnamese way."""
    resolved_overdue = model["resolved"].get("overdue_by_department", [])
    in_progress_overdue = model["in_progress"].get("overdue_by_department", {})
    return {
        "period": vn_month(model["period"]),
        "next_period": vn_month(next_period(model["period"])),
        "resolved_overdue": vn_int(model["resolved"]["overdue"]),
        "resolved_overdue_departments": join_vi([short_department(row["department"]) for row in resolved_overdue]),
        "in_progress_overdue": vn_int(model["in_progress"]["overdue"]),
        "in_progress_overdue_departments": join_vi(
            [f"{short_department(name)} {vn_int(count)} hồ sơ" for name, count in in_progress_overdue.items()]
        ),
        "new_online_pct": vn_pct(model["intake"]["new_online_pct"]),
        "departments_fully_online": vn_int(len(model.get("departments_fully_online", []))),
        "departments_total": vn_int(model["departments_total"]),
    }


def default_narrative(model: dict) -> dict[str, str]:
    context = figures_context(model)
    return {key: templates.get_template(f"narrative_{key}.txt.j2").render(context).strip() for key in NARRATIVE_KEYS}


def narrative_text(model: dict, key: str) -> str:
    """The model's edited text when there is one, else the default template filled with the figures."""
    text = (model.get("narrative") or {}).get(key) or ""
    return text.strip() or default_narrative(model)[key]


def narrative_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if line.startswith("# "):
            blocks.append(Heading(line[2:].strip(), level=2))
        elif line.startswith(("- ", "+ ")):
            blocks.append(Paragraph(line, style="item"))
        else:
            blocks.append(Paragraph(line))
    return blocks
