package io.queuemgr.boot;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.queuemgr.supervision.LoopSupervisor;

/** Alive unless a loop failed so often in a row that it was given up: then only a restart of the instance helps. */
@Liveness
@ApplicationScoped
public class ServiceLivenessCheck implements HealthCheck {

    private final LoopSupervisor loops;

    public ServiceLivenessCheck(LoopSupervisor loops) {
        this.loops = loops;
    }

    @Override
    public HealthCheckResponse call() {
        var givenUp = loops.givenUp();
        return HealthCheckResponse.named("queuemgr-loops")
                .status(givenUp.isEmpty())
                .withData("givenUp", String.join(", ", givenUp))
                .build();
    }
}
