-- Finished tasks, projected from the status topic; rebuilt from Kafka whenever needed.
CREATE TABLE task_history (
    id              UUID PRIMARY KEY,
    version         BIGINT       NOT NULL,
    queue           VARCHAR(64)  NOT NULL,
    type            VARCHAR(128) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    category        VARCHAR(128),
    tags            TEXT[]       NOT NULL DEFAULT '{}',
    priority        SMALLINT     NOT NULL,
    attempt         INTEGER      NOT NULL,
    error_code      VARCHAR(64),
    worker_id       VARCHAR(255),
    created_at      TIMESTAMPTZ  NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    snapshot        JSONB        NOT NULL
);

CREATE INDEX task_history_queue_finished ON task_history (queue, finished_at DESC);
CREATE INDEX task_history_status_finished ON task_history (status, finished_at DESC);
CREATE INDEX task_history_type ON task_history (type);
CREATE INDEX task_history_tags ON task_history USING GIN (tags);

-- Named queues and their policies (filled by the queue API).
CREATE TABLE queue_definition (
    name              VARCHAR(64) PRIMARY KEY,
    description       TEXT,
    max_concurrent    INTEGER     NOT NULL DEFAULT 10,
    priority_weight   INTEGER     NOT NULL DEFAULT 1,
    max_retries       INTEGER     NOT NULL DEFAULT 3,
    retry_base_delay_ms BIGINT    NOT NULL DEFAULT 1000,
    retry_max_delay_ms  BIGINT    NOT NULL DEFAULT 3600000,
    default_timeout_s BIGINT,
    rate_limit        VARCHAR(32),
    paused            BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO queue_definition (name, description) VALUES ('default', 'The queue of tasks that name none');
