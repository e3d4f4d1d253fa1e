-- History is kept in one partition per day (UTC) of the tasks' creation, so that retention drops a whole day
-- (DROP TABLE: no row-by-row delete, no vacuum, no bloat) instead of deleting rows. The day a task was created on
-- never changes; the time it finished does when a dead letter is requeued, so finished_at would move a row from one
-- partition to another (docs/architecture.md, "History by creation day"). The service creates the days ahead of need
-- and drops a day once every task of it finished longer ago than queuemgr.history.retention.
--
-- The rows already here become one partition for every day up to the end of today (or of the newest row's day),
-- named after that bound; the service drops it like a day once the bound and its newest finish are past the
-- retention. Nothing is copied.
ALTER TABLE task_history RENAME TO task_history_before_days;
ALTER TABLE task_history_before_days DROP CONSTRAINT task_history_pkey;
ALTER TABLE task_history_before_days ADD CONSTRAINT task_history_before_days_pkey PRIMARY KEY (id, created_at);

CREATE TABLE task_history (LIKE task_history_before_days INCLUDING DEFAULTS) PARTITION BY RANGE (created_at);
ALTER TABLE task_history ADD PRIMARY KEY (id, created_at);
-- The same indexes as before, per partition; a partition that has them already (the rows above) keeps its own.
CREATE INDEX task_history_by_queue ON task_history (queue, finished_at DESC);
CREATE INDEX task_history_by_status ON task_history (status, finished_at DESC);
CREATE INDEX task_history_by_type ON task_history (type);
CREATE INDEX task_history_by_tags ON task_history USING GIN (tags);
CREATE INDEX task_history_by_submitter ON task_history (submitted_by, finished_at DESC);

DO $$
DECLARE
    -- The end of today, or of the day of the newest row when a clock wrote one dated later.
    bound timestamptz := greatest(date_trunc('day', now(), 'UTC'),
        (SELECT date_trunc('day', max(created_at), 'UTC') FROM task_history_before_days)) + interval '1 day';
    name text := 'task_history_until_d' || to_char(bound AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    EXECUTE format('ALTER TABLE task_history_before_days RENAME TO %I', name);
    EXECUTE format('ALTER TABLE task_history ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)', name, bound);
END $$;
