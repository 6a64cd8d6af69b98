CREATE TABLE IF NOT EXISTS {db}.payments
(
    payment_id  String,
    event_id    String,
    recorded_at DateTime64(3, 'UTC'),
    dossier_id  String,
    department  LowCardinality(String),
    amount_vnd  Int64,
    method      LowCardinality(String),
    paid_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY payment_id
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {db}.survey_ratings
(
    survey_id    String,
    event_id     String,
    recorded_at  DateTime64(3, 'UTC'),
    department   LowCardinality(String),
    rating       LowCardinality(String),
    submitted_at DateTime64(3, 'UTC'),
    dossier_id   String
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY survey_id
SETTINGS non_replicated_deduplication_window = 1000;
