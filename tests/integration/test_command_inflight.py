"""Duplicates exactly: a copy of an event sent while its first copy is still being published (the same
line twice in one import, in batches in flight at once, or two identical calls at the same moment) is
answered `duplicate`, and Kafka holds the event once. Expected counts come from the file itself."""
from __future__ import annotations

import asyncio
import json
import random
from collections import Counter

from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua_tools.importer import Importer, read_lines
from tests.integration.commands_support import CENTER, event, line, payload, read_topic, serving


def export_with_copies(count: int, copies: int, seed: int = 11) -> list[str]:
    """`count` distinct receipts, then `copies` of them again, each a few lines after its original so
    that the two travel in different batches in flight together, and some in the same batch."""
    rng = random.Random(seed)
    lines = [json.dumps(line("dossier.received", dossier_id=f"DUP-{n:05d}"), ensure_ascii=False)
             for n in range(count)]
    for original in rng.sample(range(count), copies):
        lines.insert(min(len(lines), original + rng.randint(1, 120)), lines[original])
    return lines


def published_ids(records) -> Counter:
    return Counter(pb.Event.FromString(r.value).event_id for r in records)


async def test_an_import_with_copies_in_flight_publishes_each_event_once(settings, tmp_path):
    lines = export_with_copies(2000, 150)
    distinct = len(set(lines))  # identical lines are one event (same content, same id)
    path = tmp_path / "copies.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    async with serving(settings, "intake") as stubs:
        importer = Importer(stubs.addresses, batch_size=40, in_flight=8)
        try:
            with path.open("rb") as stream:
                report = await importer.run(read_lines(stream))
        finally:
            await importer.close()
    records = await read_topic(settings, "intake", distinct, settle=2.0)
    ids = published_ids(records)
    print(f"lines {len(lines)}, distinct {distinct}; records on Kafka {len(records)}, "
          f"published twice {sum(n > 1 for n in ids.values())}; duplicates reported {report.duplicates}")
    assert report.errors == [] and report.accepted == len(lines)
    assert report.duplicates == len(lines) - distinct
    assert len(records) == len(ids) == distinct


async def test_two_identical_batches_at_once_publish_once(settings):
    batch = cmd.EventBatch(events=[event("survey.submitted", survey_id=f"KS-AT-ONCE-{n}") for n in range(300)])
    async with serving(settings, "survey") as stubs:
        first, second = await asyncio.gather(*(stubs["survey"].SubmitBatch(batch, metadata=CENTER, timeout=20)
                                               for _ in range(2)))
    assert first.accepted == second.accepted == 300
    assert first.duplicates + second.duplicates == 300  # each event: one copy fresh, the other duplicate
    assert [r.event_id for r in first.results] == [r.event_id for r in second.results]
    records = await read_topic(settings, "survey", 300, settle=2.0)
    assert len(records) == 300 and len(published_ids(records)) == 300


async def test_identical_single_calls_at_once_publish_once(settings):
    async with serving(settings, "payment") as stubs:
        answers = await asyncio.gather(*(stubs["payment"].CompletePayment(
            payload("payment.completed", payment_id="PAY-AT-ONCE"), metadata=CENTER, timeout=20) for _ in range(5)))
    assert len({a.event_id for a in answers}) == 1 and sum(not a.duplicate for a in answers) == 1
    assert len(await read_topic(settings, "payment", 1, settle=2.0)) == 1

