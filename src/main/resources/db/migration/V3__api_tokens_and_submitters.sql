-- API tokens: only a SHA-256 hash of each token is kept; the token itself is shown once, when it is made.
CREATE TABLE api_token (
    name           VARCHAR(64)  PRIMARY KEY,
    token_hash     CHAR(64)     NOT NULL UNIQUE,
    roles          TEXT[]       NOT NULL,
    allowed_types  TEXT[]       NOT NULL DEFAULT '{}',
    created_by     VARCHAR(255) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ
);

-- Who submitted each finished task (a token's name or an OIDC subject).
ALTER TABLE task_history ADD COLUMN submitted_by VARCHAR(255);
CREATE INDEX task_history_submitted_by ON task_history (submitted_by, finished_at DESC);
