package io.queuemgr.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.groups.Default;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;

/**
 * What the body of a create or a change of the queue API asks for, read as {@link QueueSettings}: a new queue's body
 * laid over the defaults, a change's laid over the queue as it is. What is wrong is a 400 problem that names the
 * name first, then the fields the definition does not have, then the rest.
 */
final class QueueBodies {

    private static final String UNKNOWN = "is not a queue field";

    private final ObjectMapper mapper;
    private final JsonRecords records;

    QueueBodies(ObjectMapper mapper, JsonRecords records) {
        this.mapper = mapper;
        this.records = records;
    }

    QueueDefinition created(JsonNode body, Instant now) {
        return settings(laidOver(QueueDefinition.defaults(null, now), body), List.of(), Default.class,
                QueueSettings.Creation.class).toDefinition(now, now);
    }

    /** The queue with the fields the body names changed; the name cannot. */
    QueueDefinition changed(QueueDefinition current, JsonNode body, Instant now) {
        JsonNode name = body.get("name");
        List<FieldError> renamed = name != null && !name.isNull() && !current.name().equals(name.asText())
                ? List.of(new FieldError("name", "cannot change; create a new queue instead"))
                : List.of();
        ObjectNode changes = body.deepCopy();
        changes.remove("name");
        return settings(laidOver(current, changes), renamed, Default.class).toDefinition(current.createdAt(), now);
    }

    private QueueSettings settings(ObjectNode settings, List<FieldError> nameErrors, Class<?>... groups) {
        Reading<QueueSettings> reading = records.read(settings, QueueSettings.class, "", UNKNOWN, groups);
        List<FieldError> errors = new ArrayList<>(nameErrors);
        reading.invalid().stream().filter(e -> e.field().equals("name")).forEach(errors::add);
        errors.addAll(reading.unknown());
        reading.invalid().stream().filter(e -> !e.field().equals("name")).forEach(errors::add);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The queue definition has errors", errors);
        }
        return reading.value();
    }

    /** The queue as the API shows it, with the body's fields in place of its own. */
    private ObjectNode laidOver(QueueDefinition queue, JsonNode body) {
        ObjectNode settings = mapper.valueToTree(QueueView.of(queue));
        settings.remove(List.of("createdAt", "updatedAt"));
        return settings.setAll((ObjectNode) body);
    }
}
