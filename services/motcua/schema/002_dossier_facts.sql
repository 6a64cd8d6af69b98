-- One partial row per dossier event. A dossier's state is the aggregate of its rows with
-- order-free, duplicate-free functions (min, max, groupUniqArray): any arrival order, any number
-- of replays, the same answer. `recorded_at` lets a report be computed as it was known at a moment;
-- of a re-sent event the first recording is kept (recording_precedence, as in 001_events.sql).
CREATE TABLE IF NOT EXISTS {db}.dossier_facts
(
    dossier_id       String,
    event_id         String,
    recorded_at      DateTime64(3, 'UTC'),
    department       LowCardinality(String),
    field            String,
    procedure_code   LowCardinality(String),
    channel          LowCardinality(String),
    received_at      Nullable(DateTime64(3, 'UTC')),
    due_at           Nullable(DateTime64(3, 'UTC')),
    resolved_at      Nullable(DateTime64(3, 'UTC')),
    outcome          LowCardinality(String),
    withdrawn_at     Nullable(DateTime64(3, 'UTC')),
    digitized_at     Nullable(DateTime64(3, 'UTC')),
    supplement_requested_at Nullable(DateTime64(3, 'UTC')),
    supplement_received_at  Nullable(DateTime64(3, 'UTC')),
    recording_precedence UInt64 MATERIALIZED 9223372036854775807 - toUnixTimestamp64Milli(recorded_at)
)
ENGINE = ReplacingMergeTree(recording_precedence)
ORDER BY (dossier_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
