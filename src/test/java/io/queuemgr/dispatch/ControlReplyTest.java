package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.error.ApiException;
import io.queuemgr.json.InstantJson;
import io.queuemgr.task.IllegalTransitionException;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** The owner's reply travels the control topic and is answered by the requester exactly as the owner answered. */
class ControlReplyTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    ControlReplyTest() {
        new InstantJson().customize(mapper);
    }

    private ControlReply travelled(ControlReply reply) throws Exception {
        byte[] bytes = mapper.writeValueAsBytes(reply);
        assertThat(mapper.readTree(bytes).path("action").asText()).isEqualTo("reply");
        return mapper.readValue(bytes, ControlReply.class);
    }

    @Test
    void aReplyCarriesTheTaskAsTheOwnerWroteIt() throws Exception {
        Task cancelled = aTask().withTags("a").in(TaskStatus.CANCELLED);
        ControlReply reply = ControlReply.of(UUID.randomUUID(), cancelled.id(), cancelled, null);
        assertThat(travelled(reply).answer()).isEqualTo(cancelled);
    }

    @Test
    void aConflictIsThrownAgainWithItsTypeTitleAndDetail() throws Exception {
        ApiException conflict = ApiException.conflict("task-not-retryable", "Task x is PENDING; only …");
        Throwable again = catchThrowable(() -> travelled(ControlReply.of(UUID.randomUUID(), UUID.randomUUID(), null,
                new java.util.concurrent.CompletionException(conflict))).answer());
        assertThat(again).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.slug()).isEqualTo("task-not-retryable");
            assertThat(e.title()).isEqualTo("Conflict");
            assertThat(e.getMessage()).isEqualTo(conflict.getMessage());
            assertThat(e.fieldErrors()).isEqualTo(List.of());
        });
    }

    @Test
    void aChangeTheLifecycleRefusedIsThrownAgainAsSuch() throws Exception {
        Throwable again = catchThrowable(() -> travelled(ControlReply.of(UUID.randomUUID(), UUID.randomUUID(), null,
                new IllegalTransitionException(TaskStatus.COMPLETED, TaskStatus.CANCELLED))).answer());
        assertThat(again).isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
            assertThat(e.from()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(e.to()).isEqualTo(TaskStatus.CANCELLED);
        });
    }

    @Test
    void anOwnersFailureIsAnInternalErrorWithoutItsMessage() throws Exception {
        Throwable again = catchThrowable(() -> travelled(ControlReply.of(UUID.randomUUID(), UUID.randomUUID(), null,
                new IllegalStateException("secret internals"))).answer());
        assertThat(again).isInstanceOf(IllegalStateException.class).hasMessageNotContaining("secret");
    }
}
