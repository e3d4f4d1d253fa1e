package io.queuemgr.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * GET /api/events read on a virtual thread, each event handed to a consumer. The stream is open (the server
 * watches) once {@link #open} returns; {@link #close} ends it.
 */
public final class EventStream implements AutoCloseable {

    private final InputStream body;
    private final Thread reader;
    private volatile boolean closed;
    private volatile String failure;

    private EventStream(InputStream body, Consumer<SseParser.Event> onEvent) {
        this.body = body;
        this.reader = Thread.ofVirtual().name("queuemgr-events").start(() -> read(onEvent));
    }

    public static EventStream open(ApiClient api, String query, Consumer<SseParser.Event> onEvent) {
        return new EventStream(api.stream("/api/events" + query), onEvent);
    }

    /** Whether the stream ended while it was not closed here (the server went away, or closed a slow watcher). */
    public boolean ended() {
        return !reader.isAlive() && !closed;
    }

    /** Why the stream ended, when it ended by itself. */
    public String failure() {
        return failure;
    }

    private void read(Consumer<SseParser.Event> onEvent) {
        SseParser parser = new SseParser();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                parser.line(line).ifPresent(event -> {
                    if ("ended".equals(event.name())) {
                        failure = "the service ended the event stream: " + event.data();
                    }
                    onEvent.accept(event);
                });
            }
            failure = failure == null ? "the service closed the event stream" : failure;
        } catch (IOException e) {
            if (!closed) {
                failure = "the event stream broke: " + e.getMessage();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing is all that is wanted; a stream that fails to close is gone either way
        }
        reader.interrupt();
    }
}
