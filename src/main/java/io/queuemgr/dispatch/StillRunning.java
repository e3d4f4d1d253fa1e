package io.queuemgr.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An instance's word on the control topic that it still runs these tasks, whose queues have moved to another
 * instance, as {@code {"action":"still-running","worker":"…","tasks":["…"],"at":"…"}}: the queue's new owner leaves
 * them to it while it hears this ({@link ForeignRuns}).
 */
@RegisterForReflection
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "action")
@JsonTypeName(StillRunning.ACTION)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StillRunning(String worker, List<UUID> tasks, Instant at) {

    static final String ACTION = "still-running";
}
