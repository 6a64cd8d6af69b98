"""`motcua import` as a department's integrator runs it: a file or stdin, bad lines reported by number
with the reason, the good lines around them in Kafka, a summary, and an exit code that tells."""
from __future__ import annotations

import asyncio
import json
import sys

import pytest

from motcua.v1 import events_pb2 as pb
from motcua_tools.importer import Importer, read_lines
from tests.integration.commands_support import EXAMPLES, line, read_topic, serving

SERVICES = ("intake", "processing", "payment", "survey")


async def motcua(*args: str, stdin: bytes | None = None, env: dict | None = None) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "motcua_tools.cli", *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env)
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=120)
    return process.returncode, out.decode(), err.decode()


@pytest.fixture
def export(tmp_path):
    lines = [json.dumps(line, ensure_ascii=False) for line in EXAMPLES.values()]  # lines 1-13: one of each type
    lines += [
        '{"type": "dossier.received", "dossier_id": "broken"',                               # 14: not JSON
        json.dumps(line("dossier.received", dossier_id="NAIVE-1", received_at="2023-04-03T09:15:00")),  # 15
        json.dumps(line("payment.completed", payment_id="NEG-1", amount_vnd=-1000)),         # 16
        json.dumps(line("dossier.received", dossier_id="OK-17")),                            # 17
        "",                                                                                   # 18: blank
        json.dumps(line("survey.submitted", survey_id="KS-19", department="NOWHERE")),        # 19
        json.dumps(line("dossier.resolved", dossier_id="OK-20")),                            # 20
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_import_reports_each_bad_line_and_sends_the_good_ones(settings, export):
    async with serving(settings, *SERVICES) as stubs:
        code, out, err = await motcua("import", str(export), *stubs.target_args())
        again, _, err_again = await motcua("import", "-", *stubs.target_args(), stdin=export.read_bytes())
    assert code == 1 and again == 1
    for number, reason in [(14, "not valid JSON"), (15, "received_at"), (16, "amount_vnd"), (19, "department")]:
        assert f"line {number}: " in err and reason in err.split(f"line {number}: ")[1].splitlines()[0]
    assert "20 lines: 15 accepted, 4 refused" in err
    assert "15 accepted, 15 of them already known, 4 refused" in err_again
    intake = await read_topic(settings, "intake", 6)
    assert b"OK-17" in {r.key for r in intake} and len(intake) == 6
    processing = await read_topic(settings, "processing", 5)
    assert b"OK-20" in {r.key for r in processing} and len(processing) == 5
    assert {pb.Event.FromString(r.value).type for r in await read_topic(settings, "payment", 1)} == {"payment.completed"}


async def test_an_unknown_token_stops_the_import_with_a_clear_error(settings, export):
    async with serving(settings, "intake") as stubs:
        code, _, err = await motcua("import", str(export), "--token", "wrong", *stubs.target_args())
    assert code == 2 and "UNAUTHENTICATED" in err


async def test_the_golden_month_goes_through_whole(settings, tmp_path):
    from motcua_tools.demo import golden_month as golden

    path = tmp_path / "golden.jsonl"
    golden.write_jsonl(golden.generate(), path)
    async with serving(settings, *SERVICES) as stubs:
        importer = Importer(stubs.addresses)
        try:
            with path.open("rb") as stream:
                report = await importer.run(read_lines(stream))
        finally:
            await importer.close()
    assert report.errors == [] and report.accepted == report.lines


async def test_services_out_of_reach_exit_3_apart_from_refused_lines(settings, export):
    from tests.conftest import free_port_pair
    nowhere = [arg for s in SERVICES for arg in ("--target", f"{s}=127.0.0.1:{free_port_pair()}")]
    code, _, err = await motcua("import", str(export), *nowhere)
    assert code == 3 and "not delivered" in err and "not reached: UNAVAILABLE" in err
