package io.queuemgr.task;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A command for whichever instance runs a task, broadcast on the control topic as
 * {@code {"action":"cancel","taskId":"…","version":N,"at":"…"}}: {@code version} is the task's version when the
 * command was given, {@code at} when it was given.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "action")
@JsonSubTypes({@JsonSubTypes.Type(value = ControlCommand.Cancel.class, name = "cancel"),
        @JsonSubTypes.Type(value = ControlCommand.Pause.class, name = "pause"),
        @JsonSubTypes.Type(value = ControlCommand.Resume.class, name = "resume"),
        @JsonSubTypes.Type(value = ControlCommand.Release.class, name = "release")})
public sealed interface ControlCommand {

    UUID taskId();

    long version();

    Instant at();

    /** Stop the task and end it CANCELLED. */
    @RegisterForReflection
    record Cancel(UUID taskId, long version, Instant at) implements ControlCommand {
        public Cancel(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }
    }

    /** Stop the task's process where it is (it keeps its place), or set its work record aside. */
    @RegisterForReflection
    record Pause(UUID taskId, long version, Instant at) implements ControlCommand {
        public Pause(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }
    }

    /** Let a paused process run on. */
    @RegisterForReflection
    record Resume(UUID taskId, long version, Instant at) implements ControlCommand {
        public Resume(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }
    }

    /** Drop the paused process of a task another instance took over; it ends without an outcome. */
    @RegisterForReflection
    record Release(UUID taskId, long version, Instant at) implements ControlCommand {
        public Release(Task task, Instant at) {
            this(task.id(), task.version(), at);
        }
    }
}
