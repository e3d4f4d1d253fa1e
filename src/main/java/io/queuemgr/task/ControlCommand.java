package io.queuemgr.task;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A command for whichever instance runs a task, broadcast on the control topic: {@code action} is {@code cancel},
 * {@code pause}, {@code resume} or {@code release} (drop a paused process whose task another instance took over);
 * {@code version} is the task's version when the command was given.
 */
@RegisterForReflection
public record ControlCommand(String action, UUID taskId, long version, Instant at) {

    public static final String CANCEL = "cancel";
    public static final String PAUSE = "pause";
    public static final String RESUME = "resume";
    public static final String RELEASE = "release";
}
