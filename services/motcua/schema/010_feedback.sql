-- One partial row per feedback event, as dossier_facts does for dossiers: a feedback's state is
-- min(received_at), min(resolved_at) over its rows (GROUP BY feedback_id), whatever the arrival
-- order and however many copies a replay left before the merge. Of a re-sent event the first
-- recording is kept (recording_precedence, as in 001_events.sql).
CREATE TABLE IF NOT EXISTS {db}.feedback
(
    feedback_id  String,
    event_id     String,
    recorded_at  DateTime64(3, 'UTC'),
    department   LowCardinality(String),
    received_at  Nullable(DateTime64(3, 'UTC')),
    resolved_at  Nullable(DateTime64(3, 'UTC')),
    recording_precedence UInt64 MATERIALIZED 9223372036854775807 - toUnixTimestamp64Milli(recorded_at)
)
ENGINE = ReplacingMergeTree(recording_precedence)
ORDER BY (feedback_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
