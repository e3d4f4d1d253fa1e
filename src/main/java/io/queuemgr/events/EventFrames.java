package io.queuemgr.events;

import java.nio.charset.StandardCharsets;

import io.queuemgr.registry.StatusChange;
import io.vertx.core.buffer.Buffer;

/**
 * Server-sent events as the bytes on the wire, each made once: a change's frame is shared by every watcher that
 * wants it, so a hundred watchers cost one encoding, not a hundred.
 */
final class EventFrames {

    private static final byte[] TASK = "event: task\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELETED = "event: deleted\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    static final Buffer WATCHING = comment("watching");
    static final Buffer HEARTBEAT = comment("heartbeat");

    private EventFrames() {
    }

    /**
     * The change as an event with the stream's position as its id: named task with the snapshot as its data, or
     * named deleted with what is known of the task that left.
     */
    static Buffer of(String position, StatusChange change) {
        byte[] id = position.getBytes(StandardCharsets.US_ASCII);
        byte[] json = change.json();
        byte[] name = change.isDeletion() ? DELETED : TASK;
        Buffer frame = Buffer.buffer(name.length + id.length + DATA.length + json.length + END.length + 8);
        frame.appendBytes(name).appendBytes(id).appendBytes(DATA);
        // A snapshot is compact JSON, one line; should one hold a line break, each line is a data line of its own.
        int from = 0;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n') {
                frame.appendBytes(json, from, i - from).appendBytes(DATA);
                from = i + 1;
            }
        }
        return frame.appendBytes(json, from, json.length - from).appendBytes(END);
    }

    /** The last event of a stream that cannot go on, saying why. */
    static Buffer ended(String reason) {
        return Buffer.buffer("event: ended\ndata: " + reason + "\n\n");
    }

    private static Buffer comment(String text) {
        return Buffer.buffer(": " + text + "\n\n");
    }
}
