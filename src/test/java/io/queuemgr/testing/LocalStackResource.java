package io.queuemgr.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} at the real Kafka and PostgreSQL of {@link LocalStack}. */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        // The packaged service of an integration test runs without the test profile: it gets the token here too.
        Map<String, String> config = new java.util.HashMap<>(LocalStack.get().serviceConfig());
        config.put("queuemgr.security.bootstrap-token", AdminToken.TOKEN);
        return config;
    }

    @Override
    public void stop() {
        // The stack lives as long as the test JVM: every test class shares it.
    }
}
