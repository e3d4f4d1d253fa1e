package io.queuemgr.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.testing.PlainRecords;

/** Queue definitions as the create and change bodies of the queue API give them. */
class QueueBodiesTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String DELAY = "must be a duration from 1 ms to 30 days: ISO-8601 such as PT30S, a short "
            + "form such as 500ms, 30s, 5m, 1h, or a number of seconds";
    private final QueueBodies bodies = new QueueBodies(PlainRecords.MAPPER, PlainRecords.with());
    private final QueueDefinition reports = new QueueDefinition("reports", "nightly", 4, 2, 5,
            Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMinutes(30), RateLimit.parse("10/second"),
            false, NOW.minusSeconds(3600), NOW.minusSeconds(3600));

    private QueueDefinition created(String body) throws Exception {
        return bodies.created(PlainRecords.MAPPER.readTree(body), NOW);
    }

    private QueueDefinition changed(String body) throws Exception {
        return bodies.changed(reports, PlainRecords.MAPPER.readTree(body), NOW);
    }

    private static List<FieldError> refusal(ThrowingCall call) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("The queue definition has errors");
        return e.fieldErrors();
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aNewQueueGetsWhatItNamesAndTheDefaultsForTheRest() throws Exception {
        assertThat(created("{\"name\":\"mail\",\"maxConcurrent\":4,\"rateLimit\":\"100/hour\"}")).isEqualTo(
                new QueueDefinition("mail", null, 4, 1, 3, Duration.ofSeconds(1), Duration.ofHours(1), null,
                        RateLimit.parse("100/hour"), false, NOW, NOW));
    }

    @Test
    void durationsAreIsoShortFormsOrSecondsFromAMillisecondToThirtyDays() throws Exception {
        assertThat(created("{\"name\":\"a\",\"retryBaseDelay\":\"500ms\",\"retryMaxDelay\":\"PT1M\","
                + "\"defaultTimeout\":90}")).extracting(QueueDefinition::retryBaseDelay,
                        QueueDefinition::retryMaxDelay, QueueDefinition::defaultTimeout)
                .containsExactly(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofSeconds(90));
        assertThat(created("{\"name\":\"a\",\"retryMaxDelay\":\" 30D \"}").retryMaxDelay())
                .isEqualTo(Duration.ofDays(30));
        for (String wrong : List.of("\"0ms\"", "\"31d\"", "-5", "\"PT-1S\"", "1.5", "\"3\"", "\"1 fortnight\"",
                "18446744073709551621", "true", "null")) {
            assertThat(refusal(() -> created("{\"name\":\"a\",\"retryBaseDelay\":" + wrong + "}")))
                    .as(wrong).containsExactly(new FieldError("retryBaseDelay", DELAY));
        }
    }

    @Test
    void aChangeLaysItsFieldsOverTheQueueAndNullClearsWhatMayBeCleared() throws Exception {
        QueueDefinition next = changed("{\"maxConcurrent\":7,\"rateLimit\":null,\"defaultTimeout\":null,"
                + "\"description\":null,\"paused\":true}");
        assertThat(next).isEqualTo(new QueueDefinition("reports", null, 7, 2, 5, Duration.ofSeconds(2),
                Duration.ofMinutes(10), null, null, true, reports.createdAt(), NOW));
        assertThat(changed("{\"name\":\"reports\"}")).isEqualTo(new QueueDefinition("reports", "nightly", 4, 2, 5,
                Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMinutes(30), RateLimit.parse("10/second"),
                false, reports.createdAt(), NOW));
        assertThat(refusal(() -> changed("{\"maxConcurrent\":null,\"paused\":null}"))).containsExactly(
                new FieldError("maxConcurrent", "must be a whole number from 1 to 100000"),
                new FieldError("paused", "must be true or false"));
    }

    @Test
    void theRetryDelaysAreComparedAsTheyWillBeAfterTheChange() throws Exception {
        assertThat(refusal(() -> changed("{\"retryBaseDelay\":\"1h\"}"))).containsExactly(
                new FieldError("retryMaxDelay", "must not be shorter than retryBaseDelay"));
        assertThat(refusal(() -> changed("{\"retryBaseDelay\":\"40d\"}"))).containsExactly(
                new FieldError("retryBaseDelay", DELAY));
    }

    @Test
    void theNameIsToldFirstThenUnknownFieldsThenTheRestAndRulesOverSeveralFieldsLast() throws Exception {
        assertThat(refusal(() -> created("{\"colour\":\"blue\",\"name\":\"no spaces\",\"paused\":1,"
                + "\"retryBaseDelay\":\"1h\",\"retryMaxDelay\":\"1m\",\"maxConcurrent\":0}")))
                .extracting(FieldError::field)
                .containsExactly("name", "colour", "maxConcurrent", "paused", "retryMaxDelay");
        assertThat(refusal(() -> created("{\"name\":\"tasks\"}"))).containsExactly(
                new FieldError("name", "'tasks' is reserved (a path of the queue API)"));
        assertThat(refusal(() -> created("{\"name\":null}"))).containsExactly(new FieldError("name", "is required"));
        assertThat(refusal(() -> changed("{\"name\":\"renamed\",\"createdAt\":1}"))).containsExactly(
                new FieldError("name", "cannot change; create a new queue instead"),
                new FieldError("createdAt", "is not a queue field; known: name, description, maxConcurrent, "
                        + "priority, maxRetries, retryBaseDelay, retryMaxDelay, defaultTimeout, rateLimit, paused"));
    }
}
