package io.queuemgr.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every test's REST calls carry the admin token the test service is preset with (QUEUEMGR_BOOTSTRAP_TOKEN), as a
 * user's script would; a request that sets its own Authorization header keeps it. Registered for every
 * {@code @QuarkusTest} as a Quarkus callback (those run with their own copy of RestAssured in Quarkus's class
 * loader), and with {@code @ExtendWith} on end-to-end tests that use RestAssured.
 */
public class AdminToken implements BeforeAllCallback, QuarkusTestBeforeEachCallback {

    /** The preset admin token of every service a test starts (also in application.properties' test profile). */
    public static final String TOKEN = "qm_test-admin-token-0123456789abcdef";

    private static final Filter ADD_TOKEN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", bearer());
        }
        return context.next(request, response);
    };

    public static String bearer() {
        return "Bearer " + TOKEN;
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith(ADD_TOKEN);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RestAssured.replaceFiltersWith(ADD_TOKEN);
    }
}
