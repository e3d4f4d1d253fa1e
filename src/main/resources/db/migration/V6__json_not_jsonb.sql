-- A task's snapshot in history and an audit event's details are kept as the text the service wrote: json, which
-- PostgreSQL checks and stores as it came, instead of jsonb, which it takes apart on every write and puts together
-- again on every read. Nothing queries inside either; both are handed back whole. Every finished task writes a
-- history row and every submission an audit row, so this is on the path of every task (docs/architecture.md,
-- "History: batched upserts").
ALTER TABLE task_history ALTER COLUMN snapshot TYPE json USING snapshot::json;
ALTER TABLE audit_log ALTER COLUMN details DROP DEFAULT;
ALTER TABLE audit_log ALTER COLUMN details TYPE json USING details::json;
ALTER TABLE audit_log ALTER COLUMN details SET DEFAULT '{}';
