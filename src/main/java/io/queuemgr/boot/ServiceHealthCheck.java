package io.queuemgr.boot;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.queuemgr.dispatch.TaskDispatcher;
import io.queuemgr.registry.MisplacedTasks;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;

/**
 * Ready once the instance has started and joined the dispatch group (so that the rebalance its arrival causes is
 * over before it is sent work), and while every loop runs: a loop restarting after an error takes the instance out
 * of service until it runs again.
 */
@Readiness
@ApplicationScoped
public class ServiceHealthCheck implements HealthCheck {

    private final ServiceLifecycle lifecycle;
    private final TaskRegistry registry;
    private final LoopSupervisor loops;
    private final TaskDispatcher dispatcher;
    private final MisplacedTasks misplaced;

    public ServiceHealthCheck(ServiceLifecycle lifecycle, TaskRegistry registry, LoopSupervisor loops,
            TaskDispatcher dispatcher, MisplacedTasks misplaced) {
        this.misplaced = misplaced;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.loops = loops;
    }

    @Override
    public HealthCheckResponse call() {
        var notRunning = loops.notRunning();
        return HealthCheckResponse.named("queuemgr")
                .status(lifecycle.isReady() && notRunning.isEmpty() && dispatcher.hasJoined())
                .withData("started", lifecycle.isReady())
                .withData("dispatchGroupJoined", dispatcher.hasJoined())
                .withData("notRunning", String.join(", ", notRunning))
                .withData("registryTasks", registry.size())
                .withData("registryMisplaced", misplaced.count())
                .build();
    }
}
