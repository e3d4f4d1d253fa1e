package io.queuemgr.config;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.queuemgr.registry.TaskRegistry;

/** Live and ready while the registry, intake, dispatch and history loops all run. */
@Liveness
@Readiness
@ApplicationScoped
public class ServiceHealthCheck implements HealthCheck {

    private final ServiceLifecycle lifecycle;
    private final TaskRegistry registry;

    public ServiceHealthCheck(ServiceLifecycle lifecycle, TaskRegistry registry) {
        this.lifecycle = lifecycle;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("queuemgr")
                .status(!lifecycle.isReady() || lifecycle.isHealthy())
                .withData("started", lifecycle.isReady())
                .withData("registryTasks", registry.size())
                .build();
    }
}
