package io.queuemgr.cli;

import java.util.Optional;

/** Lines of a server-sent event stream, fed one at a time, turned into events (comments are dropped). */
public final class SseParser {

    /** One event: its name (default "message"), its id (null when the event has none) and its data. */
    public record Event(String name, String id, String data) {
    }

    private String name;
    private String id;
    private StringBuilder data;

    /** The event a blank line completes, if any. */
    public Optional<Event> line(String line) {
        if (line.isEmpty()) {
            Optional<Event> event = data == null
                    ? Optional.empty()
                    : Optional.of(new Event(name == null ? "message" : name, id, data.toString()));
            name = null;
            id = null;
            data = null;
            return event;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
                // retry and unknown fields mean nothing to this client
            }
        }
        return Optional.empty();
    }
}
