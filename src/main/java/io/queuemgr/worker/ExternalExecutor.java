package io.queuemgr.worker;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.PulledExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.smallrye.mutiny.Uni;

/**
 * Tasks of type {@code external} are run by pull workers over HTTP, in any language: when the queue dispatches one
 * (in priority order, within its maxConcurrent) it is offered to the queue's workers, and its run lasts until a
 * worker reports how it went or its lease expires. Its params are the worker's to read.
 */
@ApplicationScoped
public class ExternalExecutor implements PulledExecutor {

    private static final TaskType TYPE = TaskType.of("external", ObjectNode.class,
            "Work done by a pull worker that leases the task over HTTP; the params are the worker's to read.")
            .category("worker").tags("pull-worker").can(TaskType.Capability.CANCELLABLE);

    private final TaskOffers offers;

    public ExternalExecutor(TaskOffers offers) {
        this.offers = offers;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ObjectNode params, ExecutionContext context, Lease lease) {
        var task = context.task();
        var outcome = offers.offer(task, context, lease);
        context.onCancel(() -> offers.withdraw(task.id(), context.isHandedOver()));
        return Uni.createFrom().completionStage(outcome).onTermination().invoke(() -> offers.ended(task.id()));
    }
}
