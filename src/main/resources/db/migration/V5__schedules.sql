-- Recurring tasks. An instance takes a fire time with UPDATE ... WHERE next_fire_at = <the time it read>, so one
-- instance alone fires each slot; last_submitted stays false until Kafka holds the firing's task, and a firing left
-- so (its instance died) is submitted again, under the same task id and idempotency key, by any instance.
CREATE TABLE schedule (
    name            TEXT         PRIMARY KEY,
    id              UUID         NOT NULL,
    cron            TEXT         NOT NULL,
    time_zone       TEXT         NOT NULL,
    task            TEXT         NOT NULL,
    overlap         TEXT         NOT NULL,
    paused          BOOLEAN      NOT NULL DEFAULT FALSE,
    next_fire_at    TIMESTAMPTZ  NOT NULL,
    last_fire_at    TIMESTAMPTZ,
    last_task_id    UUID,
    last_submitted  BOOLEAN      NOT NULL DEFAULT TRUE,
    claimed_at      TIMESTAMPTZ,
    last_error      TEXT,
    created_by      TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
