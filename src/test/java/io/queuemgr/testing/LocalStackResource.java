package io.queuemgr.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real Kafka and PostgreSQL of {@link LocalStack}. A packaged service
 * ({@code @QuarkusIntegrationTest}) runs without the test profile: it gets the admin token here too, and its data
 * directory from the resource argument {@value #DATA_DIR}, so that its checkpoint stays under target/.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATA_DIR = "data-dir";
    private String dataDir;

    @Override
    public void init(Map<String, String> initArgs) {
        dataDir = initArgs.get(DATA_DIR);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(LocalStack.get().serviceConfig());
        config.put("queuemgr.security.bootstrap-token", AdminToken.TOKEN);
        if (dataDir != null) {
            config.put("queuemgr.data-dir", dataDir);
        }
        return config;
    }

    @Override
    public void stop() {
        // The stack lives as long as the test JVM: every test class shares it.
    }
}
