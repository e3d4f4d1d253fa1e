package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.task.Task;
import io.queuemgr.testing.LocalStackResource;

/**
 * A finished task leaves the registry once history has its row. A task that finished longer ago than history keeps
 * anything (history lagged past it, or a checkpoint brought it back) never gets one: it leaves without.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ReleasePastHistoryTest {

    @Inject
    TaskStatusPublisher publisher;
    @Inject
    TaskRegistry registry;
    @Inject
    RegistryRetention retention;
    @Inject
    TaskHistoryQuery history;

    @Test
    void aTaskFinishedBeforeHistorysRetentionLeavesTheRegistryWithoutAHistoryRow() throws Exception {
        UUID id = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        Task done = aTask().withId(id.toString()).ofType("noop").pending().start("worker-1", longAgo)
                .succeed(null, longAgo);
        publisher.publishAsync(done).get();
        // Taken at the ack, before the answer: a sweep (every second here) may release it at any moment after.
        assertThat(registry.contains(id)).isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            retention.sweep();
            return !registry.contains(id);
        });
        // The projector left it out of history: it finished before the history's retention.
        assertThat(history.find(id).await().atMost(Duration.ofSeconds(10))).isEmpty();
    }
}
