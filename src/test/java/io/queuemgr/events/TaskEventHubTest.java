package io.queuemgr.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.queuemgr.error.ApiException;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.task.TaskStatus;
import io.vertx.core.Vertx;

/** The hub and its fan-out without a connection: outboxes that are never let out stand for stalled watchers. */
class TaskEventHubTest {

    private static final EventFilter ANY = new EventFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    private final Vertx vertx = Vertx.vertx();
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private static final EventsConfig CONFIG = new EventsConfig() {
        @Override
        public Duration heartbeat() {
            return Duration.ofSeconds(15);
        }

        @Override
        public int buffer() {
            return 8;
        }
    };
    private final TaskEventHub hub = new TaskEventHub(CONFIG, vertx, meters, false);

    private int offset;

    TaskEventHubTest() {
        hub.startHeartbeats();
    }

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void read(int count, String queue) {
        for (int end = offset + count; offset < end; offset++) {
            StatusChange change = new StatusChange(0, offset, UUID.randomUUID(), TaskStatus.PENDING, queue, "noop",
                    List.of(), new byte[0]);
            hub.read(0, offset, () -> change);
        }
        hub.polled();
    }

    private Outbox stalled(int capacity) {
        return new Outbox(null, vertx.getOrCreateContext(), capacity, null);
    }

    private Watcher join(EventFilter filter, Outbox outbox) {
        return hub.join(at -> new Watcher(filter.compile(), at, false, outbox));
    }

    @Test
    void aWatcherThatFallsBehindIsDroppedWhileTheOthersGetEveryChange() {
        Outbox small = stalled(8);
        Outbox large = stalled(1000);
        join(ANY, small);
        join(ANY, large);
        read(20, "q");
        await().atMost(Duration.ofSeconds(5)).until(() -> large.waiting() == 20);
        assertThat(small.ended()).as("the watcher past its bound is told and let go").isTrue();
        assertThat(meters.get("queuemgr.events.dropped").counter().count()).as("and counted").isEqualTo(1.0);
    }

    @Test
    void aWatcherGetsOnlyWhatWasReadAfterItJoinedAndWhatItsFilterWants() {
        read(5, "mine");
        Outbox outbox = stalled(100);
        join(new EventFilter(Set.of("mine"), Set.of(), Set.of(), Set.of(), Set.of()), outbox);
        read(3, "other");
        read(2, "mine");
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.waiting() == 2);
    }

    @Test
    void aWatcherJoinsAtThePositionTheReaderHasPassed() {
        read(5, "q");
        StreamPosition[] joined = new StreamPosition[1];
        hub.join(at -> {
            joined[0] = at;
            return new Watcher(ANY.compile(), at, false, stalled(10));
        });
        assertThat(joined[0]).hasToString("0-5");
    }

    @Test
    void withSplitHoldingTheChangesComeFromTheHubsOwnReaderNotFromTheRegistrysShare() {
        TaskEventHub own = new TaskEventHub(CONFIG, vertx, meters, true);
        own.startHeartbeats();
        // Until its reader has placed it at the topic's ends, a watcher is refused rather than left with a gap.
        assertThatThrownBy(() -> own.join(at -> new Watcher(ANY.compile(), at, false, stalled(10))))
                .isInstanceOf(ApiException.class).hasMessageContaining("starting");
        own.placed();
        Outbox outbox = stalled(100);
        own.join(at -> new Watcher(ANY.compile(), at, false, outbox));
        StatusChange change = new StatusChange(3, 7, UUID.randomUUID(), TaskStatus.PENDING, "q", "noop", List.of(),
                new byte[0]);
        // What the registry reads (its share of the topic) is not told, and moves nothing.
        own.restoredTo(3, 100);
        own.read(3, 5, () -> change);
        own.polled();
        own.startsAt(3, 7);
        own.take(3, 7, () -> change);
        own.taken();
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.waiting() == 1);
        StreamPosition[] joined = new StreamPosition[1];
        own.join(at -> {
            joined[0] = at;
            return new Watcher(ANY.compile(), at, false, stalled(10));
        });
        assertThat(joined[0]).as("what the registry read is not the hub's position").hasToString("3-8");
    }
}
