-- The events the monthly report counts besides dossiers. One row per event, keyed so that a copy
-- left by a replay collapses: read with FINAL (or GROUP BY the key) for exact counts.

-- Digital-ID accounts the Center helped create: count distinct account_ref (or events) by `at`.
-- Of a re-sent event the first recording is kept (recording_precedence, as in 001_events.sql).
CREATE TABLE IF NOT EXISTS {db}.accounts_assisted
(
    account_ref String,
    event_id    String,
    recorded_at DateTime64(3, 'UTC'),
    department  LowCardinality(String),
    at          DateTime64(3, 'UTC'),
    recording_precedence UInt64 MATERIALIZED 9223372036854775807 - toUnixTimestamp64Milli(recorded_at)
)
ENGINE = ReplacingMergeTree(recording_precedence)
ORDER BY (account_ref, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- Procedure catalog decisions; a decision published again with corrections: the latest recorded wins.
CREATE TABLE IF NOT EXISTS {db}.catalog_decisions
(
    number      String,
    event_id    String,
    recorded_at DateTime64(3, 'UTC'),
    department  LowCardinality(String),
    date        Nullable(Date),
    at          Nullable(DateTime64(3, 'UTC')),
    fields      Array(String),
    changes     Array(LowCardinality(String))
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY number
SETTINGS non_replicated_deduplication_window = 1000;

-- The 766 index as published for a period (an external figure, shown as published).
CREATE TABLE IF NOT EXISTS {db}.index766
(
    period      String,
    event_id    String,
    recorded_at DateTime64(3, 'UTC'),
    total       Float64,
    rank        Int32,
    of          Int32,
    change_vs_same_period_pct Float64,
    components  Map(String, Tuple(score Float64, max Float64))
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY period
SETTINGS non_replicated_deduplication_window = 1000;
