-- Each dossier's current state, kept up to date by ClickHouse from dossier_facts. Only min, max and
-- set union go into it, which give the same answer in any order and under any number of copies, so
-- a replayed fact changes nothing. Read it with GROUP BY dossier_id and the same functions
-- (min, max, groupUniqArrayArray): parts merge in the background. For a report "as of" a moment,
-- read dossier_facts (it keeps recorded_at per fact); this table is the current state only.
CREATE TABLE IF NOT EXISTS {db}.dossiers
(
    dossier_id        String,
    department        SimpleAggregateFunction(max, String),
    field             SimpleAggregateFunction(max, String),
    procedure_code    SimpleAggregateFunction(max, String),
    channel           SimpleAggregateFunction(max, String),
    received_at       SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    due_at            SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    resolved_at       SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    outcome           SimpleAggregateFunction(max, String),
    withdrawn_at      SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    digitized_at      SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    pauses_from       SimpleAggregateFunction(groupUniqArrayArray, Array(DateTime64(3, 'UTC'))),
    pauses_to         SimpleAggregateFunction(groupUniqArrayArray, Array(DateTime64(3, 'UTC'))),
    first_recorded_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_recorded_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY dossier_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.dossiers_mv TO {db}.dossiers AS
SELECT dossier_id,
       toString(department) AS department, field, toString(procedure_code) AS procedure_code,
       toString(channel) AS channel, received_at, due_at, resolved_at, toString(outcome) AS outcome,
       withdrawn_at, digitized_at,
       if(supplement_requested_at IS NULL, [], [assumeNotNull(supplement_requested_at)]) AS pauses_from,
       if(supplement_received_at IS NULL, [], [assumeNotNull(supplement_received_at)]) AS pauses_to,
       recorded_at AS first_recorded_at, recorded_at AS last_recorded_at
FROM {db}.dossier_facts;

-- Facts folded before this migration: the view only sees new inserts. Whatever the view also
-- delivers meanwhile is a harmless second copy.
INSERT INTO {db}.dossiers
SELECT dossier_id, toString(department), field, toString(procedure_code), toString(channel),
       received_at, due_at, resolved_at, toString(outcome), withdrawn_at, digitized_at,
       if(supplement_requested_at IS NULL, [], [assumeNotNull(supplement_requested_at)]),
       if(supplement_received_at IS NULL, [], [assumeNotNull(supplement_received_at)]),
       recorded_at, recorded_at
FROM {db}.dossier_facts;
