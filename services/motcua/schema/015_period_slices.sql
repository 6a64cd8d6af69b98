-- What a period's report reads, kept apart from the history (reporting.slices, docs/history.md).
-- dossier_facts is ordered by dossier: the facts of one month's dossiers, and above all of the few
-- left open for years, are spread over every granule, so a month read the whole table. Three
-- tables put them together again:
--   fact_arrivals  every fact row the fold writes, with the server's time of insertion, in that
--                  order: "what arrived since" is a range, never a scan. Rows that were there before
--                  this migration count as arrived at 1970-01-01.
--   dossier_first_seen  per dossier, when its first fact arrived (min only: any order, any copies).
--   dossier_slices      a copy of the facts of every dossier that can still count in a month at or
--                  after slice_start, made once at the month's start (built_at); a period is read from
--                  its slice plus what arrived since, and a dossier the slice left out but that came
--                  back (a receipt corrected into a later month) is read from dossier_facts.
--   dossier_slice_flows  per dossier, its place in the month-by-month series of the months before
--                  slice_start as it stood when the slice was built, and the totals of those places
--                  (rows without a dossier, `dossiers` of them): a read takes the totals, less the
--                  places of the dossiers with a new fact since, which it takes again from their facts.
--   dossier_slice_builds  one row per complete build, written last: a slice is used only once whole.
CREATE TABLE IF NOT EXISTS {db}.fact_arrivals
(
    inserted_at      DateTime64(3, 'UTC'),
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
ENGINE = MergeTree
ORDER BY (inserted_at, dossier_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.fact_arrivals_mv TO {db}.fact_arrivals AS
SELECT now64(3, 'UTC') AS inserted_at, dossier_id, event_id, recorded_at, department, field, procedure_code,
       channel, received_at, due_at, resolved_at, outcome, withdrawn_at, digitized_at,
       supplement_requested_at, supplement_received_at
FROM {db}.dossier_facts;

INSERT INTO {db}.fact_arrivals
SELECT toDateTime64(0, 3, 'UTC'), dossier_id, event_id, recorded_at, department, field, procedure_code,
       channel, received_at, due_at, resolved_at, outcome, withdrawn_at, digitized_at,
       supplement_requested_at, supplement_received_at
FROM {db}.dossier_facts;

CREATE TABLE IF NOT EXISTS {db}.dossier_first_seen
(
    dossier_id     String,
    first_inserted SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY dossier_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.dossier_first_seen_mv TO {db}.dossier_first_seen AS
SELECT dossier_id, now64(3, 'UTC') AS first_inserted FROM {db}.dossier_facts;

INSERT INTO {db}.dossier_first_seen SELECT dossier_id, toDateTime64(0, 3, 'UTC') FROM {db}.dossier_facts;

CREATE TABLE IF NOT EXISTS {db}.dossier_slices
(
    slice_start      DateTime64(3, 'UTC'),
    built_at         DateTime64(3, 'UTC'),
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
ENGINE = MergeTree
ORDER BY (slice_start, built_at, dossier_id, event_id);

CREATE TABLE IF NOT EXISTS {db}.dossier_slice_flows
(
    slice_start DateTime64(3, 'UTC'),
    built_at    DateTime64(3, 'UTC'),
    dossier_id  String,
    kind        LowCardinality(String),
    month       LowCardinality(String),
    department  LowCardinality(String),
    channel     LowCardinality(String),
    late        UInt8,
    dossiers    UInt64
)
ENGINE = MergeTree
ORDER BY (slice_start, built_at, dossier_id);

CREATE TABLE IF NOT EXISTS {db}.dossier_slice_builds
(
    slice_start  DateTime64(3, 'UTC'),
    built_at     DateTime64(3, 'UTC'),
    recorded_max DateTime64(3, 'UTC'),
    months       UInt8,
    dossiers     UInt64,
    facts        UInt64
)
ENGINE = MergeTree
ORDER BY (slice_start, built_at);
