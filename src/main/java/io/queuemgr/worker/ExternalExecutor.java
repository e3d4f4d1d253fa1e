package io.queuemgr.worker;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/**
 * Tasks of type {@code external} are run by pull workers over HTTP, in any language: when the queue dispatches one
 * (in priority order, within its maxConcurrent) it is offered to the queue's workers, and its run lasts until a
 * worker reports how it went or its lease expires. Its params are the worker's to read.
 */
@ApplicationScoped
public class ExternalExecutor implements TaskExecutor {

    private final TaskOffers offers;

    public ExternalExecutor(TaskOffers offers) {
        this.offers = offers;
    }

    @Override
    public Set<String> types() {
        return Set.of("external");
    }

    /** Any JSON object: the params are the worker's to read. */
    @Override
    public Class<?> paramsType(String type) {
        return ObjectNode.class;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        // PENDING to onlookers, and no timeout, until a worker leases it.
        context.awaitWorker();
        var outcome = offers.offer(task, context);
        context.onCancel(() -> offers.withdraw(task.id(), context.isHandedOver()));
        return Uni.createFrom().completionStage(outcome);
    }

    @Override
    public void onEnd(Task task, TaskOutcome outcome) {
        offers.ended(task.id());
    }
}
