-- Which periods a dossier can belong to, kept by ClickHouse from dossier_facts: per dossier the
-- earliest and latest receipt moment of any recording, and its earliest closing (resolution or
-- withdrawal) with when that was recorded. Reporting reads it to find a period's dossiers before it
-- folds their facts (reporting.queries.candidates), so a report reads the period, not the history.
-- It only narrows: the exact rules stay motcua.dossier's, applied to the facts of the dossiers found.
-- Only min and max go in (the same answer in any order and under any number of copies), and a row not
-- yet merged with the dossier's other rows can only widen the set found, never shrink it.
-- A dossier never closed has the far-future closing 2299-12-31 (a tuple cannot be NULL).
CREATE TABLE IF NOT EXISTS {db}.dossier_periods
(
    dossier_id     String,
    first_received SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    last_received  SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    first_closing  SimpleAggregateFunction(min, Tuple(at DateTime64(3, 'UTC'), recorded_at DateTime64(3, 'UTC')))
)
ENGINE = AggregatingMergeTree
ORDER BY dossier_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.dossier_periods_mv TO {db}.dossier_periods AS
SELECT dossier_id, received_at AS first_received, received_at AS last_received,
       if(resolved_at IS NULL AND withdrawn_at IS NULL,
          (toDateTime64('2299-12-31 00:00:00', 3, 'UTC'), toDateTime64('2299-12-31 00:00:00', 3, 'UTC')),
          (assumeNotNull(if(resolved_at IS NULL OR withdrawn_at > resolved_at, withdrawn_at, resolved_at)),
           recorded_at)) AS first_closing
FROM {db}.dossier_facts
WHERE received_at IS NOT NULL OR resolved_at IS NOT NULL OR withdrawn_at IS NOT NULL;

-- Facts folded before this migration: the view only sees new inserts. Whatever the view also
-- delivers meanwhile is a harmless second copy.
INSERT INTO {db}.dossier_periods
SELECT dossier_id, received_at, received_at,
       if(resolved_at IS NULL AND withdrawn_at IS NULL,
          (toDateTime64('2299-12-31 00:00:00', 3, 'UTC'), toDateTime64('2299-12-31 00:00:00', 3, 'UTC')),
          (assumeNotNull(if(resolved_at IS NULL OR withdrawn_at > resolved_at, withdrawn_at, resolved_at)),
           recorded_at))
FROM {db}.dossier_facts
WHERE received_at IS NOT NULL OR resolved_at IS NOT NULL OR withdrawn_at IS NOT NULL;
