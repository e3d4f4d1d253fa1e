package io.queuemgr.dispatch;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.queuemgr.task.Task;

/** The snapshots of one run: the task as it is now, and every change published, in version order. */
final class RunSnapshots {

    private final Consumer<Task> publish;
    private final long startVersion;
    private Task current;
    private long publishedVersion;
    /** Once the outcome is decided, a late change (a pull worker's last heartbeat) is not published. */
    private boolean closed;

    RunSnapshots(Task started, Consumer<Task> publish) {
        this.current = started;
        this.startVersion = started.version();
        this.publishedVersion = startVersion - 1;
        this.publish = publish;
    }

    /** The version of the snapshot the run started with. */
    long startVersion() {
        return startVersion;
    }

    synchronized Task current() {
        return current;
    }

    /** Applies a change to the snapshot and publishes it, unless it changes nothing. */
    synchronized void update(UnaryOperator<Task> change) {
        if (closed) {
            return;
        }
        Task next = change.apply(current);
        if (next != current) {
            current = next;
            publishedVersion = next.version();
            publish.accept(next);
        }
    }

    /** Takes no more changes; answers the snapshot as the run left it. */
    synchronized Task close() {
        closed = true;
        return current;
    }

    /** Publishes the snapshot as it is, unless it already was. */
    synchronized void publishCurrent() {
        if (publishedVersion < current.version()) {
            publishedVersion = current.version();
            publish.accept(current);
        }
    }
}
