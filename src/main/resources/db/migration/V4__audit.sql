-- Who changed what, projected from the audit topic; the event id makes a replay add nothing.
CREATE TABLE audit_log (
    id        UUID         PRIMARY KEY,
    at        TIMESTAMPTZ  NOT NULL,
    principal TEXT         NOT NULL,
    action    TEXT         NOT NULL,
    target    TEXT,
    details   JSONB        NOT NULL DEFAULT '{}'
);

-- Listings are newest first, with (at, id) as the cursor; each filter has an index in that order, and the
-- retention sweep uses the first one.
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_principal_at ON audit_log (principal, at DESC, id DESC);
CREATE INDEX audit_log_action_at ON audit_log (action, at DESC, id DESC);
CREATE INDEX audit_log_target_at ON audit_log (target, at DESC, id DESC);
