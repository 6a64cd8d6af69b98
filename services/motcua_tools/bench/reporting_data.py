"""Loading months into ClickHouse without the command services or Kafka, for the reporting bench
and the reporting integration tests: events folded exactly as the projector folds a consumed batch."""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from motcua.catalog import Catalog
from motcua.deadlines import due_at, month_bounds
from motcua.events import envelope, event_type_of, payload_of
from motcua.interchange import parse_line
from motcua.v1 import events_pb2 as pb
from projector.batch import fold_batch
from projector.writer import ClickHouseWriter

PERIOD, CHUNK = "2023-04", 50_000


class Record(NamedTuple):
    """What the projector reads from Kafka, minus Kafka."""
    topic: str
    partition: int
    offset: int
    value: bytes


def fold_into(client, database: str, events: Iterable[pb.Event], key: str) -> int:
    """Fold events exactly as the projector folds a consumed batch (projector.batch.fold_batch) and
    write the rows with its writer, in chunks; the number of events written. `key` names the topics
    the records pretend to come from, so that each load's batches have identities of their own."""
    writer, offsets, records, count = ClickHouseWriter(client, database), Counter(), [], 0

    def flush() -> None:
        batch = fold_batch(records)
        if batch.dead:
            raise ValueError(f"{len(batch.dead)} events refused by the fold, e.g. {batch.dead[0].detail}")
        writer.write(batch.rows, batch.key)
        records.clear()

    for count, event in enumerate(events, start=1):
        topic = f"{key}.{event_type_of(event).service}.v1"
        records.append(Record(topic, 0, offsets[topic], event.SerializeToString()))
        offsets[topic] += 1
        if len(records) == CHUNK:
            flush()
    if records:
        flush()
    return count


def interchange_events(lines: Iterable[str], recorded_at: datetime) -> Iterator[pb.Event]:
    """JSONL interchange lines as the command side would publish them (a missing due date computed
    from processing_days), recorded at `recorded_at`: for loading a month without the services."""
    for line in lines:
        event = parse_line(line)
        payload = payload_of(event)
        if isinstance(payload, pb.DossierReceived) and not payload.HasField("due_at"):
            payload.due_at.FromDatetime(due_at(payload.received_at.ToDatetime(tzinfo=timezone.utc),
                                               payload.processing_days))
        yield envelope(payload, source=event.source, event_id=event.event_id, recorded_at=recorded_at)




def _stamp(moment: datetime):
    return {"seconds": int(moment.timestamp()), "nanos": 0}


def synthetic_month(catalog: Catalog, new: int, seed: int = 20230430) -> Iterator[pb.Event]:
    """Dossiers received over the month (and carried over from the one before), most resolved in
    time, some late, some paused for a supplement, some paid online, some rated."""
    rng = random.Random(seed)
    start, end = month_bounds(PERIOD)
    recorded = datetime.now(timezone.utc)
    carried = new * 771 // 4708
    for n in range(new + carried):
        procedure = rng.choice(catalog.procedures)
        window = (start, end) if n < new else (start - timedelta(days=30), start)
        received = window[0] + (window[1] - window[0]) * rng.random()
        due = due_at(received, procedure.processing_days)
        ident = {"dossier_id": f"BR-{n:07d}", "department": procedure.department}
        channel = rng.choices([1, 2, 3], weights=[65, 30, 5])[0]
        yield envelope(pb.DossierReceived(**ident, field=procedure.field, procedure_code=procedure.code,
                                          channel=channel, received_at=_stamp(received), due_at=_stamp(due)),
                       recorded_at=recorded)
        if rng.random() < 0.07:
            asked = received + (due - received) * rng.random() * 0.5
            yield envelope(pb.SupplementRequested(**ident, at=_stamp(asked)), recorded_at=recorded)
            if rng.random() < 0.8:
                given = asked + timedelta(days=rng.uniform(1, 6))
                yield envelope(pb.SupplementReceived(**ident, at=_stamp(given)), recorded_at=recorded)
        resolved = received + (due - received) * rng.uniform(0.2, 1.05)
        if resolved < end and rng.random() < 0.9:
            yield envelope(pb.DossierResolved(**ident, resolved_at=_stamp(resolved), outcome=1), recorded_at=recorded)
            if rng.random() < 0.08:
                yield envelope(pb.SurveySubmitted(survey_id=f"BS-{n:07d}", department=procedure.department,
                                                  rating=rng.choices([1, 2, 3], weights=[97, 2, 1])[0],
                                                  submitted_at=_stamp(resolved + timedelta(minutes=10)),
                                                  dossier_id=ident["dossier_id"]), recorded_at=recorded)
        if procedure.fee_vnd and channel == 1 and n < new and rng.random() < 0.15:
            yield envelope(pb.PaymentCompleted(payment_id=f"BP-{n:07d}", **ident, amount_vnd=procedure.fee_vnd,
                                               method=1, paid_at=_stamp(received + timedelta(minutes=5))),
                           recorded_at=recorded)
