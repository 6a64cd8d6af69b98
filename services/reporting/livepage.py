"""A small self-contained live page (no external scripts): today's and this month's figures per
department, refreshed by polling /live.json. Served with asyncio streams, GET only."""
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
.late{color:#b3261e;font-weight:bold}#at{color:#5b6773}</style></head><body>
<h1>Trung tâm Phục vụ hành chính công – số liệu trực tiếp <span id="period"></span></h1><p id="at">đang tải…</p>
<div class="cards" id="cards"></div>
<table><thead><tr><th>Đơn vị</th><th>Tiếp nhận hôm nay</th><th>Tiếp nhận mới trong tháng</th><th>Đã giải quyết</th>
<th>Giải quyết quá hạn</th><th>Đang giải quyết</th><th>Đang quá hạn</th></tr></thead><tbody id="rows"></tbody></table>
<script>
const fmt = n => n.toLocaleString("vi-VN");
function cell(row, text, late) { const td = row.insertCell(); td.textContent = text; if (late) td.className = "late"; }
async function refresh() {
  try {
    const r = await fetch("live.json", {cache: "no-store"}); if (!r.ok) throw new Error(r.status);
    const d = await r.json();
    document.getElementById("period").textContent = "tháng " + d.period;
    document.getElementById("at").textContent = "Cập nhật lúc " +
      new Date(d.at).toLocaleString("vi-VN", {timeZone: "Asia/Ho_Chi_Minh"});
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
  } catch (e) { document.getElementById("at").textContent = "Không lấy được số liệu (" + e + "), thử lại sau."; }
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
