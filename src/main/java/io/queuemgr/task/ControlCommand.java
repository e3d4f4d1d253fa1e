package io.queuemgr.task;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A command about a task on the control topic, which every instance reads, as
 * {@code {"action":"cancel","taskId":"…","version":N,"at":"…","requestId":"…","queue":"…"}}: {@code version} is the
 * task's version when the command was given, {@code at} when it was given. A command with a {@code requestId} is a
 * request to the owner of the task's {@code queue}, which carries it out and replies; one without (written before
 * requests existed, or a {@code release}) is for whichever instance runs the task.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "action")
@JsonSubTypes({@JsonSubTypes.Type(value = ControlCommand.Cancel.class, name = "cancel"),
        @JsonSubTypes.Type(value = ControlCommand.Pause.class, name = "pause"),
        @JsonSubTypes.Type(value = ControlCommand.Resume.class, name = "resume"),
        @JsonSubTypes.Type(value = ControlCommand.Release.class, name = "release"),
        @JsonSubTypes.Type(value = ControlCommand.Retry.class, name = "retry"),
        @JsonSubTypes.Type(value = ControlCommand.Discard.class, name = "discard")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ControlCommand {

    UUID taskId();

    long version();

    Instant at();

    /** Names the request the owner's reply answers; null on a command for the runner only. */
    UUID requestId();

    /** The task's queue, whose owner carries the request out; null on a command for the runner only. */
    String queue();

    /** Stop the task and end it CANCELLED. */
    @RegisterForReflection
    record Cancel(UUID taskId, long version, Instant at, UUID requestId, String queue) implements ControlCommand {
        public Cancel(UUID taskId, long version, Instant at) {
            this(taskId, version, at, null, null);
        }

        public Cancel(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }

        public Cancel(Task task, Instant at, UUID requestId) {
            this(task.id(), task.version(), at, requestId, task.queue());
        }
    }

    /** Stop the task's process where it is (it keeps its place), or set its work record aside. */
    @RegisterForReflection
    record Pause(UUID taskId, long version, Instant at, UUID requestId, String queue) implements ControlCommand {
        public Pause(UUID taskId, long version, Instant at) {
            this(taskId, version, at, null, null);
        }

        public Pause(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }

        public Pause(Task task, Instant at, UUID requestId) {
            this(task.id(), task.version(), at, requestId, task.queue());
        }
    }

    /** Let a paused process run on, or queue a held-back task again. */
    @RegisterForReflection
    record Resume(UUID taskId, long version, Instant at, UUID requestId, String queue) implements ControlCommand {
        public Resume(UUID taskId, long version, Instant at) {
            this(taskId, version, at, null, null);
        }

        public Resume(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }

        public Resume(Task task, Instant at, UUID requestId) {
            this(task.id(), task.version(), at, requestId, task.queue());
        }
    }

    /** Drop the paused process of a task another instance took over; it ends without an outcome. */
    @RegisterForReflection
    record Release(UUID taskId, long version, Instant at, UUID requestId, String queue) implements ControlCommand {
        public Release(UUID taskId, long version, Instant at) {
            this(taskId, version, at, null, null);
        }

        public Release(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }
    }

    /** Run a finished task again with a fresh attempt count (a request to the queue's owner only). */
    @RegisterForReflection
    record Retry(UUID taskId, long version, Instant at, UUID requestId, String queue) implements ControlCommand {
        public Retry(Task task, Instant at, UUID requestId) {
            this(task.id(), task.version(), at, requestId, task.queue());
        }
    }

    /** Remove a finished task from every registry (a request to the queue's owner only). */
    @RegisterForReflection
    record Discard(UUID taskId, long version, Instant at, UUID requestId, String queue) implements ControlCommand {
        public Discard(Task task, Instant at, UUID requestId) {
            this(task.id(), task.version(), at, requestId, task.queue());
        }
    }
}
