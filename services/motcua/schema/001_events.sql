-- The archive: every event exactly once. Replays re-insert the same event_id; ReplacingMergeTree
-- folds them, and readers that need exact counts read with FINAL or group by event_id.
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
    payload      String  -- the event in its JSONL interchange form
)
ENGINE = ReplacingMergeTree
ORDER BY event_id
SETTINGS non_replicated_deduplication_window = 1000;
