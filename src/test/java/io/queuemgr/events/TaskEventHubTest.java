package io.queuemgr.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.queuemgr.registry.StatusChange;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;

class TaskEventHubTest {

    private static final EventFilter ANY = new EventFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    private final TaskEventHub hub = new TaskEventHub(new EventsConfig() {
        @Override
        public Duration heartbeat() {
            return Duration.ofSeconds(15);
        }

        @Override
        public int buffer() {
            return 8;
        }
    }, null);

    private int offset;

    private void read(int count, String queue) {
        for (int end = offset + count; offset < end; offset++) {
            StatusChange change = new StatusChange(0, offset, UUID.randomUUID(), TaskStatus.PENDING, queue, "noop",
                    List.of(), new byte[0]);
            hub.read(0, offset, () -> change);
        }
    }

    @Test
    void aWatcherThatFallsBehindIsDroppedWhileTheOthersGetEveryChange() {
        Watcher reading = hub.join(ANY);
        Watcher stalled = hub.join(ANY);
        AssertSubscriber<Feed> fast = reading.live().subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<Feed> slow = stalled.live().subscribe().withSubscriber(AssertSubscriber.create(0));

        // A watcher that keeps up: it takes each burst before the next, as a reader of a live stream does.
        for (int burst = 1; burst <= 25; burst++) {
            read(8, "q");
            fast.awaitItems(8 * burst);
        }
        assertThat(hub.watching()).as("the stalled watcher has left the hub").isEqualTo(1);
        // Once it reads again, it gets what it held, then the reason it was dropped, and its stream ends.
        slow.request(Long.MAX_VALUE);
        slow.awaitFailure(Duration.ofSeconds(5)).assertFailedWith(BackPressureFailure.class);
        assertThat(slow.getItems()).hasSizeLessThan(200);
    }

    @Test
    void aWatcherJoinsAtThePositionTheReaderHasPassed() {
        read(5, "q");
        Watcher late = hub.join(ANY);
        assertThat(late.joinedAt()).hasToString("0-5");
    }

    @Test
    void aWatcherIsOnlyToldOfChangesItsFilterWants() {
        Watcher watcher = hub.join(new EventFilter(Set.of("mine"), Set.of(), Set.of(), Set.of(), Set.of()));
        AssertSubscriber<Feed> sub = watcher.live().subscribe().withSubscriber(AssertSubscriber.create(100));
        read(3, "other");
        read(2, "mine");
        sub.awaitItems(2);
        assertThat(sub.getItems()).allSatisfy(f -> assertThat(((Feed.Snapshot) f).change().queue()).isEqualTo("mine"));
    }
}
