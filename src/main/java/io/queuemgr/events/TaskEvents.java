package io.queuemgr.events;

import java.util.List;

import jakarta.inject.Singleton;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * A watcher's stream of task changes: live from now, or, given a position it received before, first the changes it
 * missed since then (replayed from the status topic), then live, without a gap or a repeat.
 */
@Singleton
public class TaskEvents {

    private final TaskEventHub hub;
    private final StatusReplay replay;

    public TaskEvents(TaskEventHub hub, StatusReplay replay) {
        this.hub = hub;
        this.replay = replay;
    }

    /**
     * The changes matching the filter, after {@code since} (a position of an earlier event) or, when it is blank,
     * from now on. A stream that falls too far behind ends with {@link TaskEvent.Ended}.
     */
    public Multi<TaskEvent> watch(EventFilter filter, String since) {
        StreamPosition resumeFrom = since == null || since.isBlank()
                ? null
                : StreamPosition.parse(since)
                        .orElseThrow(() -> ApiException.invalid("Last-Event-ID is not a position this service gave out",
                                List.of(new FieldError("Last-Event-ID", "must be the id of an event of this stream"))));
        return Multi.createFrom().deferred(() -> {
            Watcher watcher = hub.join(filter);
            StreamPosition position = resumeFrom == null ? watcher.joinedAt() : resumeFrom;
            Multi<Feed> missed = resumeFrom == null
                    ? Multi.createFrom().empty()
                    : replay.between(resumeFrom, watcher.joinedAt());
            Multi<TaskEvent> changes = Multi.createBy().concatenating().streams(missed, watcher.live())
                    .onItem().transformToIterable(feed -> deliver(feed, watcher, position))
                    .onFailure().recoverWithItem(TaskEvents::ended);
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(new TaskEvent.Watching()), changes)
                    .onTermination().invoke(() -> hub.leave(watcher));
        });
    }

    /**
     * What the watcher gets of one feed item: a change it wants and has not passed yet, with its position after it.
     * Run on one thread at a time for a stream, so the position needs no lock.
     */
    private static List<TaskEvent> deliver(Feed feed, Watcher watcher, StreamPosition position) {
        return switch (feed) {
            case Feed.Beat beat -> List.of(new TaskEvent.Heartbeat());
            case Feed.Snapshot(var change) -> {
                if (!position.ahead(change.partition(), change.offset()) || !watcher.wants(change)) {
                    yield List.of();
                }
                position.pass(change.partition(), change.offset());
                yield List.of(new TaskEvent.Change(position.toString(), change.json()));
            }
        };
    }

    /** The last event of a stream that could not go on, saying why. */
    private static TaskEvent ended(Throwable failure) {
        return new TaskEvent.Ended(failure instanceof BackPressureFailure
                ? "dropped: this watcher fell behind; reconnect with Last-Event-ID to resume"
                : "stream failed; reconnect with Last-Event-ID to resume");
    }
}
