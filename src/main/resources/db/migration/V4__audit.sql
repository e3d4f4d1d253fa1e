-- Who changed what, projected from the audit topic; the event id makes a replay add nothing.
CREATE TABLE audit_log (
    id        UUID         PRIMARY KEY,
    at        TIMESTAMPTZ  NOT NULL,
    principal TEXT         NOT NULL,
    action    TEXT         NOT NULL,
    target    TEXT,
    details   JSONB        NOT NULL DEFAULT '{}'
);

-- Listings are newest first, with (at, id) as the cursor; the retention sweep uses the first index. Every
-- submission adds a row, so each index costs the submit path: who did it and what happened to a target have
-- theirs; an action alone (a dozen values) is read along the first, newest first, until a page is full.
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_principal_at ON audit_log (principal, at DESC, id DESC);
CREATE INDEX audit_log_target_at ON audit_log (target, at DESC, id DESC);
