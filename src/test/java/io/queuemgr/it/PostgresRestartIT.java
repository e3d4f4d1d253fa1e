package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.StackOutage;
import io.queuemgr.testing.WebhookReceiver;
import io.queuemgr.testing.WorkPartitions;

/**
 * PostgreSQL stopped while an instance runs 2,000 webhook tasks, and started again: Kafka carries the work, so
 * submissions are accepted and tasks complete while it is down; once it is back, history holds every task, queue
 * definitions can be written again, and no task ran twice. PostgreSQL belongs to a private stack.
 */
class PostgresRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 2_000;

    @Test
    void tasksCompleteWhilePostgresIsDownAndHistoryCatchesUpAfterItsRestart() throws Exception {
        String prefix = "pg-" + UUID.randomUUID().toString().substring(0, 8);
        String category = prefix + "-tasks";
        List<String> queues = WorkPartitions.queueOnEach(prefix);
        try (LocalStack stack = LocalStack.startPrivate();
                WebhookReceiver receiver = WebhookReceiver.start(Duration.ofMillis(20));
                ServiceProcess a = ServiceProcess.start(stack, "pg-a", prefix, Map.of())) {
            StackOutage outage = new StackOutage(stack);
            for (String name : queues) {
                assertThat(a.post("/api/queues", "{\"name\":\"" + name + "\",\"maxConcurrent\":5}").statusCode())
                        .isEqualTo(201);
            }
            submit(a, queues, receiver, category, 0, TASKS / 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received() >= TASKS / 4);

            outage.stopPostgres();
            try {
                submit(a, queues, receiver, category, TASKS / 2, TASKS);
                await("every task completes while PostgreSQL is down").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> a.completedIn(queues) == TASKS);
            } finally {
                outage.startPostgres();
            }

            await("history catches up with every finished task").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> inHistory(a, category) == TASKS);
            await("the instance is ready again").atMost(Duration.ofSeconds(30)).until(a::isReady);
            assertThat(a.post("/api/queues", "{\"name\":\"" + prefix + "-after\"}").statusCode())
                    .as("queue definitions are written again").isEqualTo(201);
            assertThat(receiver.tasksCalled()).isEqualTo(TASKS);
            assertThat(receiver.ranTwice()).as("nothing ran twice: no instance died").isEmpty();
            // An outage of PostgreSQL is an operator's warning, not an error: the instance waits for it and goes on.
            assertThat(Files.readAllLines(a.log())).as("the log of %s", a.log()).noneMatch(l -> l.contains(" ERROR ["));
        }
    }

    /** Submits tasks from..to-1 over REST: accepting a task needs Kafka, not PostgreSQL. */
    private static void submit(ServiceProcess via, List<String> queues, WebhookReceiver receiver, String category,
            int from, int to) {
        for (int i = from; i < to; i++) {
            String body = aTask().ofType("webhook").withCategory(category).withParam("url", receiver.url())
                    .withParam("body", Map.of("n", i)).json();
            assertThat(via.post("/api/queues/" + queues.get(i % queues.size()) + "/tasks", body).statusCode())
                    .isEqualTo(202);
        }
    }

    /** Tasks of the category in PostgreSQL history, page by page. */
    private static int inHistory(ServiceProcess via, String category) throws IOException {
        int count = 0;
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(via.get("/api/tasks/history?limit=1000&category=" + category
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            count += page.path("items").size();
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return count;
    }
}
