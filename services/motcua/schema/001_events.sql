-- The archive: every event exactly once. Replays re-insert the same event_id; ReplacingMergeTree
-- folds them, and readers that need exact counts read with FINAL or group by event_id.
-- A re-sent event (same id, recorded again later) keeps its first recording: ReplacingMergeTree
-- keeps the highest version, and recording_precedence is highest for the earliest recorded_at, so
-- a report `as_of` a moment between the two recordings still finds it after the parts merge.
CREATE TABLE IF NOT EXISTS {db}.events
(
    event_id     String,
    type         LowCardinality(String),
    occurred_at  DateTime64(3, 'UTC'),
    recorded_at  DateTime64(3, 'UTC'),
    projected_at DateTime64(3, 'UTC') DEFAULT now64(3),
    source       LowCardinality(String),
    department   LowCardinality(String),
    dossier_id   String,
    topic        LowCardinality(String),
    partition    UInt16,
    offset       UInt64,
    payload      String,  -- the event in its JSONL interchange form
    recording_precedence UInt64 MATERIALIZED 9223372036854775807 - toUnixTimestamp64Milli(recorded_at)
)
ENGINE = ReplacingMergeTree(recording_precedence)
ORDER BY event_id
SETTINGS non_replicated_deduplication_window = 1000;
