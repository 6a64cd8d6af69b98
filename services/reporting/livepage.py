"""A small self-contained live page (no external scripts): today's and this month's figures per
department with their totals, refreshed by polling /live.json, and a red warning when the projector
is behind, the newest event is older than the threshold, or the figures stopped being refreshed.
Served with asyncio streams, GET only."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("motcua.reporting.live")

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Một cửa – số liệu trực tiếp</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2733}h1{font-size:1.3rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #c9d3de;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.6rem}table{border-collapse:collapse;margin-top:1rem}
td,th{border:1px solid #c9d3de;padding:.25rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}
tfoot td{font-weight:bold;background:#eef2f6}
.late{color:#b3261e;font-weight:bold}#at{color:#5b6773}
#warnings{display:none;border:2px solid #b3261e;background:#fdecea;color:#7a1712;border-radius:6px;
padding:.6rem 1rem;margin:.8rem 0;font-weight:600}#warnings.on{display:block}#warnings p{margin:.2rem 0}</style></head><body>
<h1>Trung tâm Phục vụ hành chính công – số liệu trực tiếp <span id="period"></span></h1><p id="at">đang tải…</p>
<div id="warnings" role="alert"></div>
<div class="cards" id="cards"></div>
<table><thead><tr><th>Đơn vị</th><th>Tiếp nhận hôm nay</th><th>Tiếp nhận mới trong tháng</th><th>Đã giải quyết</th>
<th>Giải quyết quá hạn</th><th>Đang giải quyết</th><th>Đang quá hạn</th></tr></thead><tbody id="rows"></tbody>
<tfoot id="totals"></tfoot></table>
<script>
const fmt = n => n.toLocaleString("vi-VN");
const when = iso => new Date(iso).toLocaleString("vi-VN", {timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit",
  minute: "2-digit", second: "2-digit", day: "2-digit", month: "2-digit", year: "numeric"});
function cell(row, text, late) { const td = row.insertCell(); td.textContent = text; if (late) td.className = "late"; }
function warn(messages) { const box = document.getElementById("warnings"); box.replaceChildren();
  for (const m of messages) { const p = document.createElement("p"); p.textContent = "⚠ " + m; box.append(p); }
  box.className = messages.length ? "on" : ""; }
let last = null;
async function refresh() {
  try {
    const r = await fetch("live.json", {cache: "no-store"}); if (!r.ok) throw new Error(r.status);
    const d = await r.json(); last = d;
    document.getElementById("period").textContent = d.period_label;
    document.getElementById("at").textContent = "Cập nhật lúc " + when(d.at) + (d.newest_event_at ?
      " · sự kiện mới nhất đã tổng hợp: " + when(d.newest_event_at) : "");
    const messages = [...d.warnings];
    const age = (Date.now() - new Date(d.at).getTime()) / 1000;
    if (age > d.stale_after_seconds) messages.push("Số liệu không được làm mới từ " + when(d.at) + ".");
    warn(messages);
    const m = d.month, cards = [["Tiếp nhận hôm nay", d.today.received], ["Tiếp nhận mới trong tháng", m.new],
      ["Trực tuyến", m.new_online], ["Đã giải quyết", m.resolved], ["Đang giải quyết", m.in_progress],
      ["Đang quá hạn", m.in_progress_overdue], ["Lượt đánh giá", m.surveys], ["Thanh toán trực tuyến", m.online_payment_dossiers]];
    const box = document.getElementById("cards"); box.replaceChildren();
    for (const [label, value] of cards) { const c = document.createElement("div"); c.className = "card";
      const b = document.createElement("b"); b.textContent = fmt(value); c.append(b, label); box.append(c); }
    const body = document.getElementById("rows"); body.replaceChildren();
    for (const x of d.departments) { const row = body.insertRow(); cell(row, x.name);
      cell(row, fmt(x.received_today)); cell(row, fmt(x.new)); cell(row, fmt(x.resolved));
      cell(row, fmt(x.resolved_overdue), x.resolved_overdue > 0); cell(row, fmt(x.in_progress));
      cell(row, fmt(x.in_progress_overdue), x.in_progress_overdue > 0); }
    const foot = document.getElementById("totals"); foot.replaceChildren(); const t = foot.insertRow();
    for (const v of ["Tổng cộng", fmt(d.today.received), fmt(m.new), fmt(m.resolved), fmt(m.resolved_overdue),
                     fmt(m.in_progress), fmt(m.in_progress_overdue)]) cell(t, v);
  } catch (e) {
    document.getElementById("at").textContent = "Không lấy được số liệu (" + e + "), thử lại sau.";
    warn(["Không lấy được số liệu mới" + (last ? "; số liệu dưới đây là của lúc " + when(last.at) : "") + "."]);
  }
}
refresh(); setInterval(refresh, 5000);
</script></body></html>"""


def _response(status: str, content_type: str, body: bytes) -> bytes:
    head = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n")
    return head.encode() + body


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  snapshot: Callable[[], dict[str, Any] | None]) -> None:
    try:
        request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        method, path, *_ = request.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        path = path.split("?", 1)[0]
        if method != "GET":
            reply = _response("405 Method Not Allowed", "text/plain", b"GET only\n")
        elif path == "/":
            reply = _response("200 OK", "text/html; charset=utf-8", PAGE.encode())
        elif path == "/live.json":
            data = snapshot()
            reply = (_response("200 OK", "application/json", json.dumps(data, ensure_ascii=False).encode())
                     if data is not None else _response("503 Service Unavailable", "text/plain", b"not ready\n"))
        else:
            reply = _response("404 Not Found", "text/plain", b"not found\n")
        writer.write(reply)
        await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ValueError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve_page(host: str, port: int, snapshot: Callable[[], dict[str, Any] | None]) -> asyncio.Server | None:
    """Start the page; a taken port costs the page only, never the reporting API."""
    try:
        server = await asyncio.start_server(lambda r, w: _handle(r, w, snapshot), host, port)
    except OSError as exc:
        log.warning("live page not started on %s:%d: %s", host, port, exc)
        return None
    log.info("live page on http://%s:%d/", host, port)
    return server
