package io.queuemgr.events;

import java.util.List;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.registry.StatusChange;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * A watcher's stream of task changes, written straight to its connection: live from now, or, given a position it
 * received before, first the changes it missed since then (replayed from the status topic), then live, without a
 * gap or a repeat.
 */
@Singleton
public class TaskEvents {

    private final TaskEventHub hub;
    private final StatusReplay replay;
    private final EventsConfig config;

    public TaskEvents(TaskEventHub hub, StatusReplay replay, EventsConfig config) {
        this.hub = hub;
        this.replay = replay;
        this.config = config;
    }

    /**
     * Streams the changes matching the filter to the request's response, after {@code since} (a position of an
     * earlier event) or, when it is blank, from now on, until the watcher leaves or falls too far behind.
     */
    public void watch(EventFilter filter, String since, RoutingContext request) {
        StreamPosition resumeFrom = since == null || since.isBlank()
                ? null
                : StreamPosition.parse(since)
                        .orElseThrow(() -> ApiException.invalid("Last-Event-ID is not a position this service gave out",
                                List.of(new FieldError("Last-Event-ID", "must be the id of an event of this stream"))));
        Predicate<StatusChange> wants = filter.compile();
        hub.refuseUntilPlaced();
        var response = request.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write(EventFrames.WATCHING);
        StreamPosition own = resumeFrom == null ? null : resumeFrom.copy();
        Outbox[] outbox = new Outbox[1];
        StreamPosition[] joined = new StreamPosition[1];
        Watcher watcher = hub.join(joinedAt -> {
            joined[0] = joinedAt;
            StreamPosition floor = joinedAt.copy();
            boolean ownIds = own != null && own.beyond(joinedAt);
            if (own != null) {
                floor.pass(own);
            }
            outbox[0] = new Outbox(response, Vertx.currentContext(), config.buffer(), change -> {
                own.pass(change.partition(), change.offset());
                return EventFrames.of(own.toString(), change);
            });
            return new Watcher(wants, floor, ownIds, outbox[0]);
        });
        request.addEndHandler(ended -> hub.leave(watcher));
        if (own == null) {
            outbox[0].release();
        } else {
            replay.between(resumeFrom, joined[0]).subscribe()
                    .withSubscriber(new ReplayWriter(wants, own, outbox[0]));
        }
    }
}
