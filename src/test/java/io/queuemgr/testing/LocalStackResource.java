package io.queuemgr.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} at the real Kafka and PostgreSQL of {@link LocalStack}. */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalStack.get().serviceConfig();
    }

    @Override
    public void stop() {
        // The stack lives as long as the test JVM: every test class shares it.
    }
}
