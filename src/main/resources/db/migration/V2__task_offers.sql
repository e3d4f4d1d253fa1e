-- Tasks of type "external" offered to pull workers over HTTP. A row lives while the task is dispatched: the
-- instance that runs the task (owner) inserts it, a worker leases it, the worker's outcome is written into it, and
-- the owner deletes it once the outcome is on Kafka.
CREATE TABLE task_offer (
    task_id          UUID PRIMARY KEY,
    queue            VARCHAR(64)  NOT NULL,
    priority         SMALLINT     NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    owner            VARCHAR(255) NOT NULL,
    offered_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    worker_id        VARCHAR(255),
    leased_at        TIMESTAMPTZ,
    lease_expires_at TIMESTAMPTZ,
    progress         SMALLINT,
    step             TEXT,
    outcome          JSONB
);

-- The next task for a worker: highest priority, then oldest, among those not leased.
CREATE INDEX task_offer_free ON task_offer (queue, priority DESC, created_at) WHERE worker_id IS NULL;
