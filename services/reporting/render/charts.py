"""Charts as PNG bytes, drawn with matplotlib's Agg canvas directly (no pyplot: no global state, no display)."""
from __future__ import annotations

import functools
import io
import json
import threading
from collections.abc import Callable

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .labels import short_department
from .vn_format import vn_decimal, vn_int, vn_month, vn_number

ONLINE = "#1f5fa8"
DIRECT = "#b9c9df"
GOOD = "#2e7d32"
LATE = "#c62828"
STYLE = {
    "font.family": "DejaVu Sans",  # has every Vietnamese glyph and ships with matplotlib
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
DPI = 200
_rc_lock = threading.Lock()  # rc_context edits matplotlib's global rcParams; renders may run in worker threads


def _png(draw: Callable[..., Figure]) -> Callable[..., bytes]:
    """Draws under the house style and returns PNG bytes; the same data is drawn once (DOCX and HTML share it)."""
    @functools.lru_cache(maxsize=16)
    def cached(arguments: str) -> bytes:
        with _rc_lock, matplotlib.rc_context(STYLE):
            figure = draw(*json.loads(arguments))
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()

    @functools.wraps(draw)
    def render(*arguments) -> bytes:
        return cached(json.dumps(arguments, sort_keys=True))

    return render


def _figure(width_in: float, height_in: float) -> Figure:
    figure = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _pct_axis(value: float, _position: int) -> str:
    return f"{vn_number(value, 0)}%"


def _share(value: float) -> str:
    return "100%" if value == 100 else f"{vn_decimal(value, 1)}%"


@_png
def online_share_by_department(rows: list[dict], overall_pct: float) -> Figure:
    """Horizontal bars, highest share on top, with the province-wide share as a reference line."""
    shares = sorted(((row["online"] * 100 / row["new"] if row["new"] else 0.0, row) for row in rows),
                    key=lambda pair: pair[0])
    figure = _figure(6.3, 0.22 * len(shares) + 0.8)
    axes = figure.add_subplot()
    labels = [short_department(row["department"]) for _, row in shares]
    values = [share for share, _ in shares]
    axes.barh(labels, values, color=[ONLINE if share >= overall_pct else DIRECT for share in values])
    for y, (share, row) in enumerate(shares):
        axes.text(min(share, 100) + 1, y, f"{_share(share)} ({vn_int(row['online'])}/{vn_int(row['new'])})",
                  va="center", fontsize=7.5, zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    axes.axvline(overall_pct, color=LATE, linestyle="--", linewidth=1)
    axes.text(overall_pct, len(shares) - 0.3, f" toàn tỉnh {vn_number(overall_pct)}%", color=LATE, fontsize=8)
    axes.set_xlim(0, 136)
    axes.set_xticks(range(0, 101, 20))
    axes.xaxis.set_major_formatter(FuncFormatter(_pct_axis))
    axes.set_xlabel("Tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ tiếp nhận mới")
    return figure


@_png
def on_time_by_department(rows: list[dict]) -> Figure:
    """Share of resolved dossiers returned early or on time; departments with overdue ones stand out in red."""
    rated = [row for row in rows if row["resolved_total"]]
    rates = sorted(((100 * (row["early"] + row["on_time"]) / row["resolved_total"], row) for row in rated),
                   key=lambda pair: (-pair[0], pair[1]["department"]), reverse=True)
    low = min((rate for rate, _ in rates), default=100)
    floor = max(0, min(90, int(low // 5) * 5 - 5))
    figure = _figure(6.3, 0.22 * len(rates) + 0.8)
    axes = figure.add_subplot()
    labels = [short_department(row["department"]) for _, row in rates]
    values = [rate for rate, _ in rates]
    axes.barh(labels, [value - floor for value in values], left=floor,
              color=[GOOD if row["overdue"] == 0 else LATE for _, row in rates])
    for y, (rate, row) in enumerate(rates):
        late = f", quá hạn {vn_int(row['overdue'])}" if row["overdue"] else ""
        axes.text(rate + (100 - floor) * 0.01, y, f"{_share(rate)}{late}", va="center", fontsize=7.5)
    axes.set_xlim(floor, 100 + (100 - floor) * 0.3)
    axes.set_xticks(range(floor, 101, max(1, (100 - floor) // 5)))
    axes.xaxis.set_major_formatter(FuncFormatter(_pct_axis))
    axes.set_xlabel(f"Tỷ lệ trước hạn và đúng hạn (trục ngang bắt đầu từ {floor}%)")
    return figure


@_png
def month_over_month(history: list[dict]) -> Figure:
    """New and online dossiers per month, the online share written above each pair."""
    months = sorted(history, key=lambda row: row["period"])
    figure = _figure(6.3, 2.4)
    axes = figure.add_subplot()
    positions = range(len(months))
    axes.bar([x - 0.2 for x in positions], [row["new"] for row in months], width=0.4, color=DIRECT,
             label="Tiếp nhận mới")
    axes.bar([x + 0.2 for x in positions], [row["online"] for row in months], width=0.4, color=ONLINE,
             label="Trong đó trực tuyến (số trên cột: tỷ lệ)")
    for x, row in zip(positions, months):
        share = row["online"] * 100 / row["new"] if row["new"] else 0
        axes.text(x, max(row["new"], row["online"]) * 1.02, _share(share), ha="center", fontsize=8)
    axes.set_xticks(list(positions), [vn_month(row["period"]) for row in months])
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: vn_int(round(value))))
    axes.set_ylim(0, max(row["new"] for row in months) * 1.3)
    axes.set_ylabel("Số hồ sơ")
    axes.legend(loc="upper left", ncols=2, frameon=False)
    return figure

