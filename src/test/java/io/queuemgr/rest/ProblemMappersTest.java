package io.queuemgr.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.FieldErrors;
import io.queuemgr.error.Problem;
import io.queuemgr.task.IllegalTransitionException;
import io.queuemgr.task.TaskStatus;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aTransitionTheTaskNoLongerAllowsIsAConflictProblem() {
        Response answer = mappers.illegalTransition(
                new IllegalTransitionException(TaskStatus.COMPLETED, TaskStatus.CANCELLED), null);

        assertThat(answer.getStatus()).isEqualTo(409);
        assertThat(answer.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = (Problem) answer.getEntity();
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.detail()).contains("COMPLETED", "CANCELLED").doesNotContain("Exception");
    }

    @Test
    void anAnswerGivenUpBecauseTheCallerHungUpIsNotAnInternalError() {
        // Seen from a real hang-up in BrokerRestartIT, whose service logs must hold no unexpected error.
        Response answer = mappers.cancelled(new java.util.concurrent.CancellationException(), null);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(((Problem) answer.getEntity()).type()).isEqualTo("/problems/cancelled");
    }

    @Test
    void aServiceUnavailableAnswerSaysWhenToTryAgainAndOtherErrorsDoNot() {
        Response unavailable = mappers.api(new ApiException(503, "broker-unavailable", "Service unavailable",
                "Kafka is not reachable, so nothing was accepted; try again in a few seconds", List.of()), null);
        Response conflict = mappers.api(ApiException.conflict("queue-exists", "There is a queue of that name"),
                null);

        assertThat(unavailable.getStatus()).isEqualTo(503);
        assertThat(unavailable.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(((Problem) unavailable.getEntity()).type()).isEqualTo("/problems/broker-unavailable");
        assertThat(conflict.getHeaderString("Retry-After")).isNull();
    }

    @Test
    void jsonErrorsAreToldWithoutTheParsersNames() {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (String body : List.of("{} {}", "[".repeat(1200), "{\"a\":1" + "0".repeat(1200) + "}", "{\"a\":")) {
            JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                    () -> strict.readTree(body));
            String detail = ((Problem) mappers.json(e, null).getEntity()).detail();
            assertThat(detail).doesNotContain("`", "Exception", "jackson", "StreamReadConstraints",
                    "DeserializationFeature", "JsonNode");
        }
    }

    @Test
    void fieldErrorsAreBoundedWhateverTheInput() {
        List<Problem.FieldError> many = java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> new Problem.FieldError("params.args[" + i + "]" + "x".repeat(1000), "must be a string"))
                .toList();
        ApiException e = ApiException.invalid("The submission has 100000 invalid fields", many);
        assertThat(e.fieldErrors()).hasSize(FieldErrors.MAX_ERRORS);
        assertThat(e.fieldErrors().get(0).field()).hasSizeLessThanOrEqualTo(201);
    }
}
