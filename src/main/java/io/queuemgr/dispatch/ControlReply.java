package io.queuemgr.dispatch;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.ApiException;
import io.queuemgr.task.IllegalTransitionException;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * The owner's answer to a request on the control topic, as {@code {"action":"reply","requestId":"…","taskId":"…",
 * "task":{…}}} or with a {@code refusal} instead of the task: what the requester answers its caller.
 */
@RegisterForReflection
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "action")
@JsonTypeName(ControlReply.ACTION)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlReply(UUID requestId, UUID taskId, Task task, Refusal refusal) {

    static final String ACTION = "reply";

    static ControlReply of(UUID requestId, UUID taskId, Task task, Throwable error) {
        return error == null
                ? new ControlReply(requestId, taskId, task, null)
                : new ControlReply(requestId, taskId, null, Refusal.of(TaskTurns.unwrapped(error)));
    }

    /** The task the owner answered, or its refusal thrown again as the owner threw it. */
    public Task answer() {
        if (refusal != null) {
            throw refusal.toException();
        }
        return task;
    }

    /**
     * Why the owner refused: an API problem ({@code status}, {@code slug}, {@code title}, {@code detail}), a change the
     * task's lifecycle does not allow ({@code from}, {@code to}), or neither when the owner failed (500).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Refusal(int status, String slug, String title, String detail, TaskStatus from, TaskStatus to) {

        static Refusal of(Throwable error) {
            return switch (error) {
                case IllegalTransitionException e -> new Refusal(409, null, null, null, e.from(), e.to());
                case ApiException e -> new Refusal(e.status(), e.slug(), e.title(), e.getMessage(), null, null);
                default -> new Refusal(500, null, null, null, null, null);
            };
        }

        RuntimeException toException() {
            if (from != null && to != null) {
                return new IllegalTransitionException(from, to);
            }
            if (slug != null) {
                return new ApiException(status, slug, title, detail, List.of());
            }
            return new IllegalStateException("The owner of the task's queue failed to carry the request out");
        }
    }
}
