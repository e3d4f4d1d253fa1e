package io.queuemgr.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.queuemgr.json.IsoNanos;
import io.queuemgr.task.TaskStatus;

/**
 * A task's registry entry read straight from its snapshot's JSON with a streaming parser: the fields the registry
 * files, counts and versions by, while params and result are skipped unread. Building the whole task was a quarter of
 * the replay's work at start (docs/architecture.md, "Restart, third pass"). Every other field of the task is checked
 * to be of the kind the codec writes, so that what this reads is a task the registry can answer later; a snapshot
 * with any field of another kind, or with an error (its shape is the error's own), answers null and is parsed whole,
 * which tells what is wrong with it. Unknown fields are skipped, as the service's mapper skips them.
 */
final class EntryReader {

    private static final JsonFactory JSON = new JsonFactory();

    private EntryReader() {
    }

    /** A task's id and its entry. */
    record Read(UUID id, RegistryEntry entry) {
    }

    static Read read(byte[] snapshot) {
        try (JsonParser p = JSON.createParser(snapshot)) {
            return read(p);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Read read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        UUID id = null;
        String queue = null;
        String type = null;
        String category = null;
        String key = null;
        TaskStatus status = null;
        long version = -1;
        long created = 0;
        long started = 0;
        long finished = 0;
        String[] tags = new String[0];
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> id = uuid(p, value);
                case "queue" -> queue = text(p, value);
                case "type" -> type = text(p, value);
                case "category" -> category = text(p, value);
                case "idempotencyKey" -> key = text(p, value);
                case "status" -> status = value == JsonToken.VALUE_STRING ? TaskStatus.valueOf(p.getText()) : null;
                case "version" -> version = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -2;
                case "createdAt" -> created = millis(p, value);
                case "startedAt" -> started = millis(p, value);
                case "finishedAt" -> finished = millis(p, value);
                case "tags" -> tags = tags(p, value);
                case "params", "result" -> p.skipChildren();
                case "priority", "maxRetries", "progress", "attempt" -> expect(value == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() == JsonParser.NumberType.INT);
                case "timeoutSeconds" -> expect(value == JsonToken.VALUE_NULL || value == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
                case "currentStep", "workerId", "submissionHash", "submittedBy", "cacheFor" -> text(p, value);
                case "nextRetryAt", "updatedAt" -> expect(millis(p, value) >= 0);
                case "cachedFrom" -> expect(value == JsonToken.VALUE_NULL || uuid(p, value) != null);
                case "error" -> expect(value == JsonToken.VALUE_NULL);
                default -> p.skipChildren();
            }
            if (version == -2 || tags == null || created < 0 || started < 0 || finished < 0) {
                return null;
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null || id == null || queue == null || type == null
                || status == null || version < 0) {
            return null;
        }
        return new Read(id, new RegistryEntry(version, status, queue, type, category, tags, key, created, started,
                finished));
    }

    /** A field of another kind than the codec writes fails the read. */
    private static void expect(boolean kindAsWritten) {
        if (!kindAsWritten) {
            throw new IllegalArgumentException("not as the codec writes it");
        }
    }

    /** A UUID in its canonical 36-character form, which is what the codec writes and reads. */
    private static UUID uuid(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING || p.getTextLength() != 36) {
            throw new IllegalArgumentException("not a UUID");
        }
        return UUID.fromString(p.getText());
    }

    /** A string field's value, null for JSON null; a value of another kind fails the read. */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }

    /** A time field as epoch milliseconds, 0 for null; -1 when it is not written as the codec writes times. */
    private static long millis(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.VALUE_STRING) {
            return -1;
        }
        byte[] text = p.getText().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long nanos = IsoNanos.parse(text, 0, text.length);
        return nanos == Long.MIN_VALUE || nanos < 0 ? -1 : Math.floorDiv(nanos, 1_000_000L);
    }

    /** A tags field, an empty list for null; null when it is not a list of strings. */
    private static String[] tags(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return new String[0];
        }
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> tags = new ArrayList<>(2);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            tags.add(p.getText());
        }
        return t == JsonToken.END_ARRAY ? tags.toArray(String[]::new) : null;
    }
}
