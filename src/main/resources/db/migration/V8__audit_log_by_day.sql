-- The audit trail is kept in one partition per day (UTC) of its events, so that retention drops a whole day instead
-- of deleting rows: every submission adds a row, so at scale the old row-by-row sweep deleted as many rows a day as
-- were written, and left PostgreSQL to vacuum them (docs/architecture.md, "History by creation day"). An event's
-- time never changes, so a replay of the topic meets its row again under the same key.
--
-- The rows already here become one partition for every time up to the end of today (or of the newest row's day),
-- named after that bound; the service deletes its rows as they pass the retention, and drops it once that bound is
-- past it. Nothing is copied.
ALTER TABLE audit_log RENAME TO audit_log_before_days;
ALTER TABLE audit_log_before_days DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log_before_days ADD CONSTRAINT audit_log_before_days_pkey PRIMARY KEY (id, at);

CREATE TABLE audit_log (LIKE audit_log_before_days INCLUDING DEFAULTS) PARTITION BY RANGE (at);
ALTER TABLE audit_log ADD PRIMARY KEY (id, at);
-- The same indexes as before, per partition; the partition of the rows above keeps its own.
CREATE INDEX audit_log_by_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_by_principal ON audit_log (principal, at DESC, id DESC);
CREATE INDEX audit_log_by_target ON audit_log (target, at DESC, id DESC);

DO $$
DECLARE
    -- The end of today, or of the day of the newest row when a clock wrote one dated later.
    bound timestamptz := greatest(date_trunc('day', now(), 'UTC'),
        (SELECT date_trunc('day', max(at), 'UTC') FROM audit_log_before_days)) + interval '1 day';
    name text := 'audit_log_until_d' || to_char(bound AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    EXECUTE format('ALTER TABLE audit_log_before_days RENAME TO %I', name);
    EXECUTE format('ALTER TABLE audit_log ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)', name, bound);
END $$;
