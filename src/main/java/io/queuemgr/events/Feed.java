package io.queuemgr.events;

import io.queuemgr.registry.StatusChange;

/** What reaches a watcher before its own position and filter are applied: a change, or a heartbeat. */
sealed interface Feed {

    Feed BEAT = new Beat();

    record Snapshot(StatusChange change) implements Feed {
    }

    record Beat() implements Feed {
    }
}
