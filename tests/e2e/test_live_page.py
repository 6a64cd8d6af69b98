"""The live page as a person sees it: headless Chromium renders today's figures from the running stack.

Dossiers received minutes ago go through intake; the page (served by reporting, polling live.json)
must show them per department once the projector has them. Set MOTCUA_SCREENSHOT_DIR to keep the
screenshot; without it the picture goes to the test's temporary folder.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import subprocess
import urllib.request
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog import Catalog
from motcua_tools.importer import Importer
from motcua_tools.infra.process import free_port_pair
from motcua_tools.stack import Stack, wait_for
from tests.e2e.conftest import free_service_ports

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--window-size=1280,1000", "--virtual-time-budget=8000"]


@pytest.fixture(scope="module")
def live(infra_settings, tmp_path_factory):
    run = uuid.uuid4().hex[:10]
    settings = dataclasses.replace(infra_settings, topic_prefix=f"l{run}", clickhouse_database=f"l_{run}",
                                   state_dir=tmp_path_factory.mktemp("live-stack"))
    page_port = free_port_pair()
    stack = Stack(settings, ports=free_service_ports(),
                  env={"MOTCUA_LIVE_PORT": str(page_port), "MOTCUA_LIVE_SECONDS": "1", "MOTCUA_REPORT_DAY": "0",
                       "MOTCUA_LIVE_STALE_SECONDS": "600"})
    stack.start()
    yield stack, f"http://127.0.0.1:{page_port}"
    stack.stop()


def received_just_now(count: int) -> list[dict]:
    """Dossiers received in the last minutes, spread over departments and channels."""
    procedures = Catalog.load().procedures
    now = datetime.now(LOCAL)
    lines = []
    for n in range(count):
        procedure = procedures[(n * 7) % len(procedures)]
        received = now - timedelta(minutes=1 + n % 5)
        lines.append({"type": "dossier.received", "dossier_id": f"LIVE-{n:05d}", "department": procedure.department,
                      "field": procedure.field, "procedure_code": procedure.code,
                      "channel": ("online", "direct", "postal")[n % 3], "received_at": received.isoformat(),
                      "processing_days": procedure.processing_days})
    return lines


def live_json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"{url}/live.json", timeout=5) as reply:
            return json.loads(reply.read())
    except OSError:
        return None


def browser(*args: str) -> str:
    done = subprocess.run([CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={Path(os.environ.get('TMPDIR', '/tmp')) / uuid.uuid4().hex}",
                           *args], capture_output=True, text=True, timeout=120)
    return done.stdout


def send(stack, lines: list[dict]) -> int:
    async def run():
        importer = Importer({s: f"127.0.0.1:{stack.ports[s][0]}" for s in ("intake", "processing", "payment", "survey")})
        try:
            return await importer.run((n, json.dumps(line)) for n, line in enumerate(lines, start=1))
        finally:
            await importer.close()

    return asyncio.run(run()).accepted


def screenshot_folder(tmp_path) -> Path:
    folder = Path(os.environ.get("MOTCUA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_live_page_shows_todays_dossiers_per_department(live, tmp_path):
    stack, url = live
    lines = received_just_now(60)
    assert send(stack, lines) == len(lines)
    assert wait_for(lambda: (live_json(url) or {}).get("today", {}).get("received") == len(lines), timeout=90)

    figures = live_json(url)
    expected = Counter(line["department"] for line in lines)
    shown = {d["department"]: d["received_today"] for d in figures["departments"] if d["received_today"]}
    assert shown == dict(expected)
    assert figures["month"]["new"] == len(lines) and figures["month"]["in_progress"] == len(lines)

    dom = browser("--dump-dom", url)  # what the page's script made of live.json, after it ran
    assert "Cập nhật lúc" in dom and "đang tải" not in dom
    busiest = max(expected, key=expected.get)
    name = next(d["name"] for d in figures["departments"] if d["department"] == busiest)
    assert f"<td>{name}</td><td>{expected[busiest]}</td>" in dom, dom[:2000]
    assert f"<b>{len(lines)}</b>Tiếp nhận hôm nay" in dom
    now = datetime.now(LOCAL)
    assert f"tháng {now.month}/{now.year}" in dom and figures["period_label"] == f"tháng {now.month}/{now.year}"
    # The totals row, against the sum of the department rows (the script adds nothing: the server's month).
    assert sum(d["new"] for d in figures["departments"]) == len(lines)
    assert f"<td>Tổng cộng</td><td>{len(lines)}</td><td>{len(lines)}</td><td>0</td><td>0</td><td>{len(lines)}</td>" in dom
    newest = datetime.fromisoformat(figures["newest_event_at"])
    assert newest.utcoffset() == timedelta(hours=7) and now - newest < timedelta(minutes=5)
    assert "sự kiện mới nhất đã tổng hợp: " in dom and figures["warnings"] == [] and 'class="on"' not in dom

    folder = screenshot_folder(tmp_path)
    browser(f"--screenshot={folder / 'live-page.png'}", url)
    assert (folder / "live-page.png").stat().st_size > 10_000


def test_the_page_warns_when_the_projector_lags(live, tmp_path):
    """With the projector stopped, dossiers received pile up in Kafka: the page must say its figures lag."""
    stack, url = live
    shown_before = live_json(url)["month"]["new"]
    stack.process("projector").stop(timeout=20)
    lines = [dict(line, dossier_id=line["dossier_id"].replace("LIVE", "LAG")) for line in received_just_now(150)]
    assert send(stack, lines) == len(lines)
    assert wait_for(lambda: ((live_json(url) or {}).get("projector_lag") or 0) >= len(lines), timeout=60)
    figures = live_json(url)
    assert figures["month"]["new"] == shown_before  # nothing folded: the figures are behind
    assert any("projector" in warning and f"{len(lines)}" in warning for warning in figures["warnings"])
    dom = browser("--dump-dom", url)
    assert 'id="warnings" role="alert" class="on"' in dom and "đang chậm" in dom

    folder = screenshot_folder(tmp_path)
    browser(f"--screenshot={folder / 'live-page-lagging.png'}", url)
    assert (folder / "live-page-lagging.png").stat().st_size > 10_000
