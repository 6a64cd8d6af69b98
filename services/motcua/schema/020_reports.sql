-- Monthly reports the reporting service generated on schedule. The model (JSON) is kept, not the
-- documents: rendering a stored model gives the same document every time. Every generation is kept;
-- the first one of a period is the report of record (readers take argMin by generated_at).
-- The reporting service's ClickHouse user needs INSERT on this table only.
CREATE TABLE IF NOT EXISTS {db}.reports
(
    period       String,
    generated_at DateTime64(3, 'UTC'),
    trigger      LowCardinality(String),
    model        String
)
ENGINE = MergeTree
ORDER BY (period, generated_at);
