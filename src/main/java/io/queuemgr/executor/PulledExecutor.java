package io.queuemgr.executor;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * A type whose work is done elsewhere by a worker that leases it (pull workers over HTTP). Its task stays PENDING to
 * onlookers, with no timeout running, until a worker claims it through the {@link Lease}.
 */
public interface PulledExecutor extends TaskExecutor<ObjectNode> {

    /** Offers the task to workers; the outcome is what the worker reports, or the lease's expiry. */
    Uni<TaskOutcome> execute(ObjectNode params, ExecutionContext context, Lease lease);

    /** A pulled task runs only through {@link #execute(ObjectNode, ExecutionContext, Lease)}. */
    @Override
    default Uni<TaskOutcome> execute(ObjectNode params, ExecutionContext context) {
        throw new UnsupportedOperationException(type().name() + " tasks are run by pull workers");
    }

    /** The run's side of a lease. */
    interface Lease {

        /** A worker leased the task: it is RUNNING on that worker, and its timeout runs from now. */
        void claimed(String workerId);
    }
}
