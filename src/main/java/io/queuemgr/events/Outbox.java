package io.queuemgr.events;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.queuemgr.registry.StatusChange;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * What waits to be written to one watcher's connection, written on that connection's own event loop: whatever has
 * gathered since the last write goes out as one chunk, and nothing is written while the socket's queue is full. The
 * frames waiting are bounded; the watcher that lets them pile up past the bound is told so and disconnected.
 */
final class Outbox {

    /** The most one write gathers, so that a long backlog goes out in chunks of a sensible size. */
    private static final int CHUNK = 256 * 1024;

    private final HttpServerResponse response;
    private final Context context;
    private final int capacity;
    private final Function<StatusChange, Buffer> numbering;
    private final ConcurrentLinkedQueue<Object> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean held = true;
    private volatile boolean ended;

    /** {@code numbering} encodes the changes pushed as such, for a watcher that numbers its own events. */
    Outbox(HttpServerResponse response, Context context, int capacity, Function<StatusChange, Buffer> numbering) {
        this.response = response;
        this.context = context;
        this.capacity = capacity;
        this.numbering = numbering;
    }

    /** Queues a frame (a Buffer, or a change to number and encode when written); false once the watcher has more waiting than its bound allows (or has gone). */
    boolean push(Object frame) {
        if (ended) {
            return false;
        }
        waiting.add(frame);
        return size.incrementAndGet() <= capacity;
    }

    /** Writes what has gathered at the connection's next turn, once, however many frames were pushed meanwhile. */
    void flushSoon() {
        if (!held && !waiting.isEmpty() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** Lets the live frames out: until now they waited while the replay wrote what the watcher had missed. */
    void release() {
        held = false;
        flushSoon();
    }

    /** Writes a frame now, ahead of what waits; for the replay, which runs before the live frames are let out. */
    void writeNow(Buffer frame, Runnable written) {
        context.runOnContext(v -> {
            if (ended) {
                return;
            }
            response.write(frame);
            if (response.writeQueueFull()) {
                response.drainHandler(d -> written.run());
            } else {
                written.run();
            }
        });
    }

    /** Ends the stream with an event saying why; what waited is dropped, the watcher resumes from its last id. */
    void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        context.runOnContext(v -> {
            waiting.clear();
            if (!response.closed() && !response.ended()) {
                response.end(EventFrames.ended(reason));
            }
        });
    }

    /** Frames pushed and not written yet. */
    int waiting() {
        return size.get();
    }

    boolean ended() {
        return ended;
    }

    private void drain() {
        scheduled.set(false);
        if (ended || response.closed()) {
            return;
        }
        if (response.writeQueueFull()) {
            response.drainHandler(v -> flushSoon());
            return;
        }
        Buffer chunk = Buffer.buffer(Math.min(CHUNK, size.get() * 1024 + 64));
        Object next;
        while (chunk.length() < CHUNK && (next = waiting.poll()) != null) {
            size.decrementAndGet();
            chunk.appendBuffer(next instanceof Buffer frame ? frame : numbering.apply((StatusChange) next));
        }
        if (chunk.length() > 0) {
            response.write(chunk);
        }
        if (!waiting.isEmpty()) {
            flushSoon();
        }
    }
}
