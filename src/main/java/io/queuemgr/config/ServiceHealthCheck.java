package io.queuemgr.config;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;

/**
 * Ready once the instance has started and while every loop runs: a loop restarting after an error takes the instance
 * out of service until it runs again.
 */
@Readiness
@ApplicationScoped
public class ServiceHealthCheck implements HealthCheck {

    private final ServiceLifecycle lifecycle;
    private final TaskRegistry registry;
    private final LoopSupervisor loops;

    public ServiceHealthCheck(ServiceLifecycle lifecycle, TaskRegistry registry, LoopSupervisor loops) {
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.loops = loops;
    }

    @Override
    public HealthCheckResponse call() {
        var notRunning = loops.notRunning();
        return HealthCheckResponse.named("queuemgr")
                .status(lifecycle.isReady() && notRunning.isEmpty())
                .withData("started", lifecycle.isReady())
                .withData("notRunning", String.join(", ", notRunning))
                .withData("registryTasks", registry.size())
                .build();
    }
}
