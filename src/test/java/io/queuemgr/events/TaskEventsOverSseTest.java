package io.queuemgr.events;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.WorkPartitions;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TaskEventsOverSseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TestHTTPResource("/api/events")
    URI events;

    private static String aQueue() {
        String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        TaskApi.ensureQueue(name);
        return name;
    }

    /** The statuses the events show, each run of repeats (progress snapshots) counted once. */
    private static List<String> statuses(List<SseWatch.Event> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> {
            String status = e.task().path("status").asText();
            if (out.isEmpty() || !out.getLast().equals(status)) {
                out.add(status);
            }
        });
        return out;
    }

    private static List<Long> versions(List<SseWatch.Event> events) {
        return events.stream().map(e -> e.task().path("version").asLong()).toList();
    }

    @Test
    void aWatcherOfOneQueueSeesItsTaskPassEachStatusInOrderAndNothingOfAnotherQueue() throws Exception {
        String watched = aQueue();
        String other = aQueue();
        try (SseWatch watch = SseWatch.open(URI.create(events + "?queue=" + watched), null)) {
            String mine = submitted(aTask().inQueue(watched).withParam("durationMs", 200));
            String theirs = submitted(aTask().inQueue(other));
            awaitFinal(theirs);
            await().atMost(WITHIN).until(() -> statuses(watch.of(mine)).contains("COMPLETED"));

            assertThat(statuses(watch.of(mine))).containsExactly("PENDING", "RUNNING", "COMPLETED");
            assertThat(versions(watch.of(mine))).isSorted().doesNotHaveDuplicates().startsWith(1L);
            assertThat(watch.events()).allSatisfy(e -> assertThat(e.task().path("queue").asText()).isEqualTo(watched));
            assertThat(watch.of(mine).getLast().task()).as("the data is the task as GET /api/tasks/{id} shows it")
                    .isEqualTo(JSON.readTree(given().get("/api/tasks/" + mine).asString()));
        }
    }

    @Test
    void reconnectingWithLastEventIdReplaysWhatHappenedMeanwhileWithoutGapsOrRepeats() throws Exception {
        String queue = aQueue();
        URI uri = URI.create(events + "?queue=" + queue);
        List<SseWatch.Event> before;
        String first;
        try (SseWatch watch = SseWatch.open(uri, null)) {
            first = submitted(aTask().inQueue(queue).withParam("durationMs", 200));
            await().atMost(WITHIN).until(() -> statuses(watch.of(first)).contains("COMPLETED"));
            before = watch.events();
        }
        String missed = submitted(aTask().inQueue(queue).withParam("durationMs", 200));
        long missedFinalVersion = awaitFinal(missed).getLong("version");

        try (SseWatch watch = SseWatch.open(uri, before.getLast().id())) {
            String later = submitted(aTask().inQueue(queue).withParam("durationMs", 200));
            await().atMost(WITHIN).until(() -> statuses(watch.of(later)).contains("COMPLETED"));

            assertThat(watch.of(first)).as("nothing received before is sent again").isEmpty();
            assertThat(statuses(watch.of(missed))).containsExactly("PENDING", "RUNNING", "COMPLETED");
            assertThat(versions(watch.of(missed))).as("every snapshot of the missed task, once")
                    .doesNotHaveDuplicates().startsWith(1L).endsWith(missedFinalVersion);
            assertThat(statuses(watch.of(later))).containsExactly("PENDING", "RUNNING", "COMPLETED");
        }
    }

    /**
     * Once each: the ids are chosen so that the status partition an id gives is not its queue's, where a deleted task
     * gets a second tombstone (for the snapshots an earlier version wrote there), which is no second deletion.
     */
    @Test
    void aDeletedTaskIsOneDeletedEventToWatchersOfItsQueueLiveAndOnResume() throws Exception {
        String queue = aQueue();
        URI ofQueue = URI.create(events + "?queue=" + queue);
        String lastSeen;
        String first = submitted(aTask().inQueue(queue).withId(WorkPartitions.idOffThePartitionOf(queue).toString()));
        try (SseWatch watch = SseWatch.open(ofQueue, null)) {
            String second = submitted(
                    aTask().inQueue(queue).withId(WorkPartitions.idOffThePartitionOf(queue).toString()));
            awaitFinal(first);
            await().atMost(WITHIN).until(() -> statuses(watch.of(second)).contains("COMPLETED"));
            given().delete("/api/tasks/" + second).then().statusCode(204);
            SseWatch.Event gone = await().atMost(WITHIN).until(() -> deletion(watch, second), e -> e != null);
            assertThat(gone.task().path("queue").asText()).isEqualTo(queue);
            assertThat(gone.task().path("deleted").asBoolean()).isTrue();
            lastSeen = gone.id();
            assertThat(deletionsAfterALaterTask(watch, queue, second)).isEqualTo(1);
        }
        given().delete("/api/tasks/" + first).then().statusCode(204);
        // Once a live watcher has seen a later task end, both tombstones are behind the stream's live end: a watcher
        // resuming now gets them from the replay of the topic.
        try (SseWatch live = SseWatch.open(ofQueue, null)) {
            deletionsAfterALaterTask(live, queue, first);
        }
        try (SseWatch watch = SseWatch.open(ofQueue, lastSeen)) {
            SseWatch.Event gone = await().atMost(WITHIN).until(() -> deletion(watch, first), e -> e != null);
            assertThat(gone.task().path("queue").asText()).isEqualTo(queue);
            assertThat(deletionsAfterALaterTask(watch, queue, first)).isEqualTo(1);
        }
    }

    /**
     * How many deleted events of the task the watch has once a task submitted now has been seen to complete: both
     * tombstones were on Kafka before the DELETE answered, so by then the watch has had everything they caused.
     */
    private static long deletionsAfterALaterTask(SseWatch watch, String queue, String id) {
        String later = submitted(aTask().inQueue(queue));
        await().atMost(WITHIN).until(() -> statuses(watch.of(later)).contains("COMPLETED"));
        return watch.events().stream()
                .filter(e -> e.name().equals("deleted") && e.task().path("id").asText().equals(id)).count();
    }

    private static SseWatch.Event deletion(SseWatch watch, String id) {
        return watch.events().stream()
                .filter(e -> e.name().equals("deleted") && e.task().path("id").asText().equals(id)).findFirst()
                .orElse(null);
    }

    @Test
    void aWatcherThatHangsUpIsCountedNoLonger() throws Exception {
        double before = watchers();
        List<SseWatch> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(SseWatch.open(events, null));
        }
        await().atMost(WITHIN).until(() -> watchers() >= before + 3);
        for (SseWatch watch : open) {
            watch.close();
        }
        // Watchers of earlier tests may still be leaving, so the count may fall below where it started.
        await().atMost(WITHIN).until(() -> watchers() <= before);
    }

    private static double watchers() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("queuemgr_events_watchers "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void aRequestWithoutACredentialIsRefused() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aLastEventIdThisServiceNeverGaveIsABadRequest() {
        given().header("Last-Event-ID", "yesterday").get(events)
                .then().statusCode(400).body("detail", containsString("Last-Event-ID"));
    }
}
