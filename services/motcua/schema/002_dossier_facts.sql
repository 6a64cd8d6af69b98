-- One partial row per dossier event. A dossier's state is the aggregate of its rows with
-- order-free, duplicate-free functions (min, max, groupUniqArray): any arrival order, any number
-- of replays, the same answer. `recorded_at` lets a report be computed as it was known at a moment.
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
    supplement_received_at  Nullable(DateTime64(3, 'UTC'))
)
ENGINE = ReplacingMergeTree
ORDER BY (dossier_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
