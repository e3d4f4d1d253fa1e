package io.queuemgr.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskParams;
import io.queuemgr.executor.command.CommandExecutor;
import io.queuemgr.executor.command.CommandParams;
import io.queuemgr.executor.noop.NoopExecutor;
import io.queuemgr.guard.CommandGuard;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.submission.SubmissionParser.Result;
import io.queuemgr.testing.PlainRecords;

/** What a submission's bytes become, as REST and the Kafka intake both read them. */
class SubmissionParserTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final CommandGuard commands = new CommandGuard(List.of());
    private final ExecutorRegistry executors = registry(new NoopExecutor(), new CommandExecutor(null, commands));
    private final JsonRecords records = PlainRecords.with(new KnownTaskType.Check(executors),
            new AllowedPath.Check(new PathGuard(List.of("/tmp"))), new CommandParams.AllowedProgram.Check(commands));
    private final SubmissionParser parser = parser(262_144);

    private SubmissionParser parser(int maxParamsBytes) {
        return new SubmissionParser(PlainRecords.MAPPER, records, executors, new TaskParams(executors, records),
                config(maxParamsBytes), () -> java.time.Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Result parse(String json, String queueFromPath) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), queueFromPath);
    }

    private List<FieldError> refused(String json) {
        return ((Result.Refused) parse(json, null)).errors();
    }

    @Test
    void aSubmissionGetsTheDefaultsForWhatItLeavesOutAndTheTypeItsOwnName() {
        // The type's own category and tags are the defaults of both.
        assertThat(parse("{\"type\":\"NOOP\"}", null)).isEqualTo(new Result.Accepted(new Submission(null, "noop",
                "default", JsonNodeFactory.instance.objectNode(), 5, "noop", List.of("test"), null, null)));
        assertThat(parse("{\"type\":\"custom_command\",\"params\":{\"command\":\"true\"},\"id\":\"1-1-1-1-1\","
                + "\"timeoutSeconds\":60}", null)).extracting(r -> ((Result.Accepted) r).submission())
                .extracting(Submission::type, Submission::id, Submission::timeoutSeconds)
                .containsExactly("command", UUID.fromString("1-1-1-1-1"), 60L);
    }

    @Test
    void everyWrongFieldIsToldInTheOrderTheFieldsAreLookedAt() {
        Result result = parse("{\"colour\":1,\"type\":\"command\",\"params\":{\"args\":[1],\"x\":2,"
                + "\"echo\":\"a\\u0000\"},\"priority\":12,\"tags\":[\"a\",5],\"id\":\"x\"}", null);
        assertThat(result).isInstanceOf(Result.Refused.class);
        assertThat(((Result.Refused) result).reason()).isEqualTo("The submission has 9 invalid fields");
        assertThat(((Result.Refused) result).errors()).extracting(FieldError::field).containsExactly("colour",
                "params.echo", "params.command", "params.args[0]", "params.x", "params.echo", "priority", "tags[1]",
                "id");
        assertThat(refused("{\"type\":\"teleport\",\"params\":[]}")).containsExactly(new FieldError("type",
                "unknown task type 'teleport'; known: command, noop"));
    }

    @Test
    void aTypeThatIsNullIsRequiredLikeOneLeftOut() {
        assertThat(refused("{\"type\":null}")).containsExactly(new FieldError("type", "is required"));
        assertThat(refused("{\"params\":{}}")).containsExactly(new FieldError("type", "is required"));
    }

    @Test
    void theQueueThePathNamesWinsAndIsCheckedAsAName() {
        assertThat(parse("{\"type\":\"noop\",\"queue\":5}", "reports")).extracting(
                r -> ((Result.Accepted) r).submission().queue()).isEqualTo("reports");
        assertThat(((Result.Refused) parse("{\"type\":\"noop\",\"priority\":-1}", " ")).errors()).containsExactly(
                new FieldError("queue", "must be 1–64 letters, digits, '.', '_' or '-'"),
                new FieldError("priority", "must be a whole number from 0 to 9"));
        assertThat(refused("{\"type\":\"noop\",\"queue\":\" \"}")).containsExactly(new FieldError("queue",
                "must be a non-empty string"));
    }

    @Test
    void paramsBeyondTheBoundAreTooLargeWhateverElseIsWrong() {
        Result result = parser(100).parse(("{\"type\":\"teleport\",\"params\":{\"echo\":\"" + "x".repeat(200)
                + "\"}}").getBytes(StandardCharsets.UTF_8), null);
        assertThat(result).isInstanceOf(Result.TooLarge.class);
        assertThat(((Result.TooLarge) result).reason()).contains("211 bytes serialized; at most 100");
    }

    @Test
    void paramsNestedAsDeepAsAJsonDocumentMayBeAreTaken() {
        String deep = "[".repeat(995) + "]".repeat(995);
        assertThat(parse("{\"type\":\"noop\",\"params\":{\"echo\":" + deep + "}}", null))
                .isInstanceOf(Result.Accepted.class);
        assertThat(((Result.Refused) parse("{\"type\":\"noop\",\"params\":{\"echo\":" + "[".repeat(1001)
                + "]".repeat(1001) + "}}", null)).reason()).startsWith("The submission is not valid JSON");
    }

    @Test
    void aCloudEventCarriesTheSubmissionInItsData() {
        assertThat(parse("{\"specversion\":\"1.0\",\"id\":\"e\",\"data\":{\"type\":\"noop\"}}", null))
                .isInstanceOf(Result.Accepted.class);
        assertThat(((Result.Refused) parse("{\"type\":\"noop\"} {}", null)).reason())
                .startsWith("The submission is not valid JSON: more content follows");
    }

    private static ExecutorRegistry registry(TaskExecutor<?>... executors) {
        return new ExecutorRegistry(List.of(executors));
    }

    private static QueuemgrConfig config(int maxParamsBytes) {
        QueuemgrConfig.Submission submission = (QueuemgrConfig.Submission) Proxy.newProxyInstance(
                SubmissionParserTest.class.getClassLoader(), new Class<?>[]{QueuemgrConfig.Submission.class},
                (proxy, method, args) -> maxParamsBytes);
        return (QueuemgrConfig) Proxy.newProxyInstance(SubmissionParserTest.class.getClassLoader(),
                new Class<?>[]{QueuemgrConfig.class}, (proxy, method, args) -> submission);
    }

    @Test
    void aDelayOrARunAtIsKeptAsGivenAndDecidesWhenTheTaskIsDue() {
        Submission delayed = ((Result.Accepted) parse("{\"type\":\"noop\",\"delaySeconds\":90}", null)).submission();
        assertThat(delayed.delaySeconds()).isEqualTo(90L);
        assertThat(delayed.dueAt(NOW)).isEqualTo(NOW.plusSeconds(90));
        Submission at = ((Result.Accepted) parse("{\"type\":\"noop\",\"runAt\":\"2026-03-02T14:00:00+02:00\","
                + "\"hold\":true}", null)).submission();
        assertThat(at.runAt()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(at.hold()).isTrue();
        assertThat(at.dueAt(NOW)).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
    }

    @Test
    void aRunAtThatHasComeAndADelayOfZeroRunAtOnce() {
        assertThat(((Result.Accepted) parse("{\"type\":\"noop\",\"runAt\":\"2020-01-01T00:00:00Z\"}", null))
                .submission().dueAt(NOW)).isNull();
        assertThat(((Result.Accepted) parse("{\"type\":\"noop\",\"delaySeconds\":0}", null)).submission()
                .dueAt(NOW)).isNull();
    }

    @Test
    void badScheduleValuesAreFieldErrors() {
        assertThat(refused("{\"type\":\"noop\",\"delaySeconds\":-1}")).containsExactly(new FieldError(
                "delaySeconds", SubmissionRequest.DELAY));
        assertThat(refused("{\"type\":\"noop\",\"delaySeconds\":2592001}")).containsExactly(new FieldError(
                "delaySeconds", SubmissionRequest.DELAY));
        assertThat(refused("{\"type\":\"noop\",\"delaySeconds\":\"soon\"}")).extracting(FieldError::field)
                .containsExactly("delaySeconds");
        assertThat(refused("{\"type\":\"noop\",\"runAt\":\"tomorrow\"}")).containsExactly(new FieldError(
                "runAt", SubmissionRequest.AN_INSTANT));
        assertThat(refused("{\"type\":\"noop\",\"runAt\":\"2026-04-01T00:00:00Z\"}")).extracting(
                FieldError::field).containsExactly("runAt");
        assertThat(refused("{\"type\":\"noop\",\"runAt\":\"2026-03-02T00:00:00Z\",\"delaySeconds\":5}"))
                .containsExactly(new FieldError("runAt", "must not be given together with delaySeconds"));
        assertThat(refused("{\"type\":\"noop\",\"hold\":\"yes\"}")).containsExactly(new FieldError("hold",
                SubmissionRequest.A_FLAG));
    }

    @Test
    void theLatestRunAtIsThirtyDaysAhead() {
        assertThat(parse("{\"type\":\"noop\",\"runAt\":\"" + NOW.plusSeconds(SubmissionRequest.MAX_DELAY)
                + "\"}", null)).isInstanceOf(Result.Accepted.class);
        assertThat(refused("{\"type\":\"noop\",\"runAt\":\"" + NOW.plusSeconds(SubmissionRequest.MAX_DELAY + 1)
                + "\"}")).extracting(FieldError::message).containsExactly(
                        "must be at most 30 days ahead (no later than 2026-03-31T12:00:00Z)");
    }
}
