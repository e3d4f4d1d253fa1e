-- Where each instance serves its API. With split holding (queuemgr.registry.holding=dispatched) an instance that is
-- asked about a task it does not hold asks the instances of the dispatch group, at these addresses. A row is written
-- at start and removed at a clean stop; a crashed instance's row stays until it starts again, but only members of
-- the dispatch group are asked (docs/architecture.md, "Reads routed to the instance that holds the task").
CREATE TABLE instance_address (
    instance_id  VARCHAR(255)  PRIMARY KEY,
    api_url      VARCHAR(2048) NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
