package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;

import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.queue.RateLimit;

/**
 * The buffered tasks of an instance, one lane per queue: each lane orders its tasks by priority then age, and
 * starts one only while its queue is not paused, runs fewer than {@code maxConcurrent} and is within its rate
 * limit. Lanes take turns, a queue of {@code priority} w starting up to w tasks per turn, so a queue that cannot
 * start (paused, full, out of rate) does not hold the others up, and a weightier queue gets more of the slots.
 * Not thread-safe: the dispatcher's starter thread owns it.
 */
final class QueueLanes {

    /** Limits above this many starts per period are held to it (a ring of this many start times per queue). */
    static final int MAX_RATE_MEMORY = 100_000;

    private final Function<String, Optional<QueueDefinition>> catalog;
    private final Clock clock;
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Lanes that had a task startable when last looked at, in turn order. */
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    /** Lanes with waiting tasks that could not start when last looked at. */
    private final Set<Lane> blocked = new LinkedHashSet<>();
    private int size;

    QueueLanes(QueueCatalog catalog, Clock clock) {
        this(catalog::find, clock);
    }

    /** Lanes over queue definitions found by name; rate limits count starts by {@code clock}. */
    QueueLanes(Function<String, Optional<QueueDefinition>> catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One queue's waiting and running tasks on this instance. */
    static final class Lane {
        final String queue;
        final PriorityQueue<PendingTask> waiting = new PriorityQueue<>(PendingTask.ORDER);
        int running;
        boolean inReady;
        /** Starts in the lane's current turn: a queue of priority (weight) w starts up to w tasks per turn. */
        int startsInTurn;
        /** Start times of the last starts, for the rate limit: a ring as long as the limit's permits. */
        long[] starts = new long[0];
        int next;

        Lane(String queue) {
            this.queue = queue;
        }
    }

    int size() {
        return size;
    }

    void add(PendingTask task) {
        Lane lane = lanes.computeIfAbsent(task.queue(), Lane::new);
        lane.waiting.add(task);
        size++;
        offer(lane, clock.millis());
    }

    /** The next task that may start now, taking lanes in turn; null when none may. */
    PendingTask next() {
        long nowMillis = clock.millis();
        for (int tries = ready.size(); tries > 0; tries--) {
            Lane lane = ready.poll();
            lane.inReady = false;
            if (lane.waiting.isEmpty()) {
                continue;
            }
            if (!mayStart(lane, nowMillis)) {
                blocked.add(lane);
                continue;
            }
            PendingTask task = lane.waiting.poll();
            size--;
            lane.running++;
            noteStart(lane, nowMillis);
            if (++lane.startsInTurn < weight(lane) && !lane.waiting.isEmpty() && mayStart(lane, nowMillis)) {
                // The turn goes on: the lane stays at the front.
                lane.inReady = true;
                ready.addFirst(lane);
            } else {
                lane.startsInTurn = 0;
                offer(lane, nowMillis);
            }
            return task;
        }
        return null;
    }

    /** A task of the queue stopped running here (its executor ended). */
    void ended(String queue) {
        Lane lane = lanes.get(queue);
        if (lane == null) {
            return;
        }
        // The lane stays when empty: it remembers its queue's recent starts for the rate limit.
        lane.running--;
        offer(lane, clock.millis());
    }

    /** Looks again at blocked lanes: a queue resumed, a limit raised, rate permits come back with time. */
    void recheck() {
        long nowMillis = clock.millis();
        for (Iterator<Lane> it = blocked.iterator(); it.hasNext();) {
            Lane lane = it.next();
            if (lane.waiting.isEmpty()) {
                it.remove();
            } else if (mayStart(lane, nowMillis)) {
                it.remove();
                lane.inReady = true;
                ready.add(lane);
            }
        }
    }

    boolean hasBlocked() {
        return !blocked.isEmpty();
    }

    /** Drops the waiting tasks of partitions this instance no longer owns; answers how many. */
    int removePartitions(Collection<TopicPartition> gone) {
        int removed = 0;
        for (Lane lane : lanes.values()) {
            int before = lane.waiting.size();
            lane.waiting.removeIf(p -> gone.contains(p.partition()));
            removed += before - lane.waiting.size();
        }
        size -= removed;
        return removed;
    }

    void clear() {
        lanes.values().forEach(l -> l.waiting.clear());
        size = 0;
    }

    private void offer(Lane lane, long nowMillis) {
        if (lane.inReady || lane.waiting.isEmpty()) {
            return;
        }
        if (mayStart(lane, nowMillis)) {
            blocked.remove(lane);
            lane.inReady = true;
            ready.add(lane);
        } else {
            blocked.add(lane);
        }
    }

    private int weight(Lane lane) {
        return catalog.apply(lane.queue).map(q -> Math.max(1, q.priority())).orElse(1);
    }

    private boolean mayStart(Lane lane, long nowMillis) {
        QueueDefinition q = catalog.apply(lane.queue).orElse(null);
        if (q == null) {
            // A queue deleted while tasks of it were on their way: they still run, one at a time.
            return lane.running < 1;
        }
        if (q.paused() || lane.running >= q.maxConcurrent()) {
            return false;
        }
        RateLimit rate = q.rateLimit();
        if (rate == null) {
            return true;
        }
        if (lane.starts.length != Math.min(rate.permits(), MAX_RATE_MEMORY)) {
            lane.starts = resized(lane.starts, lane.next, (int) Math.min(rate.permits(), MAX_RATE_MEMORY));
            lane.next = 0;
        }
        // At most `permits` starts in any window of `per`: the start `permits` ago must be older than the window.
        long oldest = lane.starts[lane.next];
        return oldest == 0 || nowMillis - oldest >= rate.per().toMillis();
    }

    private static void noteStart(Lane lane, long nowMillis) {
        if (lane.starts.length > 0) {
            lane.starts[lane.next] = nowMillis;
            lane.next = (lane.next + 1) % lane.starts.length;
        }
    }

    private static long[] resized(long[] ring, int next, int length) {
        long[] out = new long[length];
        // Keep the newest starts, oldest first, so that a changed limit counts what already happened.
        int keep = Math.min(ring.length, length);
        for (int i = 0; i < keep; i++) {
            out[length - keep + i] = ring[(next + ring.length - keep + i) % ring.length];
        }
        return out;
    }
}
