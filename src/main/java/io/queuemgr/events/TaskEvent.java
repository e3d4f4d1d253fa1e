package io.queuemgr.events;

/** What a watcher's stream carries. */
public sealed interface TaskEvent {

    /** A task's new snapshot (its JSON), and the stream's position after it, to resume from. */
    record Change(String position, byte[] json) implements TaskEvent {
    }

    /** The watcher is registered: every change from here on reaches it. Sent first, so that headers go out. */
    record Watching() implements TaskEvent {
    }

    /** Nothing happened; said so that proxies keep the connection. */
    record Heartbeat() implements TaskEvent {
    }

    /** The stream ends here; the watcher may resume from the last position it received. */
    record Ended(String reason) implements TaskEvent {
    }
}
