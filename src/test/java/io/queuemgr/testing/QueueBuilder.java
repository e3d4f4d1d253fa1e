package io.queuemgr.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.queue.RateLimit;
import io.restassured.http.ContentType;

/**
 * Test data builder for queues, under a fresh name: the body of {@code POST /api/queues}
 * ({@code aQueue("dlq").withMaxRetries(0).json()}), the queue created over REST ({@code .create()}), or its
 * definition as every instance holds it ({@code .definition()}). A field left out keeps the service's default.
 */
public final class QueueBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<String, Object> body = new LinkedHashMap<>();

    private QueueBuilder(String name) {
        body.put("name", name);
    }

    /** A queue named {@code prefix-} and eight random characters, so that every test has queues of its own. */
    public static QueueBuilder aQueue(String prefix) {
        return new QueueBuilder(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static QueueBuilder aQueue() {
        return aQueue("q");
    }

    public String name() {
        return (String) body.get("name");
    }

    public QueueBuilder withDescription(String description) {
        return with("description", description);
    }

    public QueueBuilder withMaxConcurrent(int maxConcurrent) {
        return with("maxConcurrent", maxConcurrent);
    }

    public QueueBuilder withPriority(int priority) {
        return with("priority", priority);
    }

    public QueueBuilder withMaxRetries(int maxRetries) {
        return with("maxRetries", maxRetries);
    }

    /** The wait before the first retry; each later one waits twice as long, up to the retry max delay. */
    public QueueBuilder withRetryBaseDelay(Duration delay) {
        return with("retryBaseDelay", delay.toString());
    }

    public QueueBuilder withRetryMaxDelay(Duration delay) {
        return with("retryMaxDelay", delay.toString());
    }

    public QueueBuilder withDefaultTimeout(Duration timeout) {
        return with("defaultTimeout", timeout.toString());
    }

    /** {@code permits/unit}, such as {@code 2/second} or {@code 100/hour}. */
    public QueueBuilder withRateLimit(String rateLimit) {
        return with("rateLimit", rateLimit);
    }

    /** Created paused: it takes tasks and starts none until resumed. */
    public QueueBuilder paused() {
        return with("paused", true);
    }

    /** Any field, as the client sends it: for values the typed methods do not take, such as wrong ones. */
    public QueueBuilder with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the queue over REST (201) and answers its name. */
    public String create() {
        given().contentType(ContentType.JSON).body(json()).post("/api/queues").then().statusCode(201);
        return name();
    }

    /** The queue as instances hold it, with the service's defaults for what was left out. */
    public QueueDefinition definition() {
        return new QueueDefinition(name(), (String) body.get("description"), integer("maxConcurrent", 10),
                integer("priority", 1), integer("maxRetries", 3), duration("retryBaseDelay", Duration.ofSeconds(1)),
                duration("retryMaxDelay", Duration.ofHours(1)), duration("defaultTimeout", null),
                body.containsKey("rateLimit") ? RateLimit.parse((String) body.get("rateLimit")) : null,
                Boolean.TRUE.equals(body.get("paused")), CREATED, CREATED);
    }

    private int integer(String field, int otherwise) {
        return ((Number) body.getOrDefault(field, otherwise)).intValue();
    }

    private Duration duration(String field, Duration otherwise) {
        return body.containsKey(field) ? Duration.parse((String) body.get(field)) : otherwise;
    }
}
