"""The chart of Biểu 06 by field: each field's column (3) split into what became of its dossiers."""
from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .charts import DIRECT, LATE, _figure, _png
from .vn_format import vn_int

FIELD_CHART_ROWS = 12  # the busiest fields by name; the rest are summed into one bar
FIELD_SEGMENTS = (("early", "Trả trước hạn (8)", "#2e7d32"), ("on_time", "Trả đúng hạn (9)", "#81c784"),
                  ("overdue", "Trả quá hạn (10)", LATE), ("within_deadline", "Đang giải quyết, còn hạn (12)", DIRECT),
                  ("in_progress_overdue", "Đang giải quyết, quá hạn (13)", "#f4a259"))


def field_totals(rows: list[dict], limit: int = FIELD_CHART_ROWS) -> list[tuple[str, dict[str, int]]]:
    """Biểu 06 by field summed per field name, busiest first; beyond `limit`, one "Các lĩnh vực khác" bar."""
    keys = ("received_total", *(key for key, _, _ in FIELD_SEGMENTS))
    summed: dict[str, dict[str, int]] = {}
    for row in rows:
        totals = summed.setdefault(row["field"], dict.fromkeys(keys, 0))
        for key in keys:
            totals[key] += row[key]
    ranked = sorted(summed.items(), key=lambda item: (-item[1]["received_total"], item[0]))
    if len(ranked) <= limit:
        return ranked
    rest = dict.fromkeys(keys, 0)
    for _, totals in ranked[limit - 1:]:
        for key in keys:
            rest[key] += totals[key]
    return ranked[:limit - 1] + [(f"Các lĩnh vực khác ({vn_int(len(ranked) - limit + 1)})", rest)]


@_png
def table_by_field(rows: list[dict]) -> Figure:
    """Each field's column (3) split into what happened to its dossiers: (8)+(9)+(10)+(12)+(13) = (3)."""
    fields = list(reversed(field_totals(rows)))
    figure = _figure(6.3, 0.24 * len(fields) + 1.5)
    axes = figure.add_subplot()
    labels = [name if len(name) <= 32 else name[:30] + "…" for name, _ in fields]
    left = [0] * len(fields)
    for key, label, color in FIELD_SEGMENTS:
        values = [totals[key] for _, totals in fields]
        axes.barh(labels, values, left=left, color=color, label=label)
        left = [a + b for a, b in zip(left, values)]
    widest = max((totals["received_total"] for _, totals in fields), default=1) or 1
    for y, (_, totals) in enumerate(fields):
        axes.text(totals["received_total"] + widest * 0.01, y, vn_int(totals["received_total"]), va="center",
                  fontsize=7.5)
    axes.set_xlim(0, widest * 1.12)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: vn_int(round(value))))
    axes.set_xlabel("Số hồ sơ nhận giải quyết (cột 3 của Biểu 06)")
    figure.legend(loc="outside upper center", ncols=3, fontsize=7, frameon=False)
    return figure
