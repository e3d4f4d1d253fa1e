package io.queuemgr.security;

import static io.queuemgr.testing.AccessTokenBuilder.anAccessToken;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AccessTokenBuilder;
import io.queuemgr.testing.LocalIssuer;
import io.queuemgr.testing.TaskBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * OIDC access tokens as a user of Keycloak, Entra ID or Google would send them, against a local issuer that publishes
 * its keys as an OIDC provider does (discovery document and JWKS per RFC 7517); a real provider cannot run here.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalIssuer.class, restrictToAnnotatedClass = true)
class OidcBearerTokenTest {

    private static final String GRANTS_CLAIM = "queuemgr_allowed_types";
    /** Long enough to be cancelled while it runs; each test that starts one cancels it. */
    private static final int RUNS_FOR_MS = 120_000;

    @LocalIssuer.Injected
    LocalIssuer issuer;

    @Test
    void aViewerReadsTasksButMayNotSubmitOne() {
        String viewer = issuer.issue(anAccessToken().inGroups(Roles.VIEWER));

        bearing(viewer).get("/api/tasks").then().statusCode(200);
        submitAs(viewer, aTask()).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
    }

    @Test
    void aGroupNamedPeerDoesNotLetAnIdentityHandOverSubmissionsAsAnInstance() {
        String posing = issuer.issue(anAccessToken().inGroups(Roles.PEER, Roles.SUBMITTER));

        bearing(posing).contentType(ContentType.JSON).body(aTask().json())
                .post("/api/peer/kafka-submissions?id=" + java.util.UUID.randomUUID()).then().statusCode(403)
                .body("type", equalTo("/problems/not-an-instance"));
    }

    @Test
    void aSubmittedTaskNamesTheTokensSubjectAsItsSubmitterNotItsDisplayName() {
        AccessTokenBuilder token = anAccessToken().inGroups(Roles.SUBMITTER);
        String submitter = issuer.issue(token);

        String id = submitAs(submitter, aTask().inQueue("default")).then().statusCode(202)
                .body("submittedBy", equalTo(token.subject()))
                .extract().path("id");

        String submittedBy = bearing(submitter).get("/api/tasks/" + id).then().statusCode(200)
                .extract().path("submittedBy");
        assertThat(submittedBy).isEqualTo(token.subject()).isNotEqualTo(token.displayName());
    }

    @Test
    void aSubmitterWithoutTheGrantClaimMayNotSubmitACommandTask() {
        String submitter = issuer.issue(anAccessToken().inGroups(Roles.SUBMITTER));

        submitAs(submitter, aShellTask("true")).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/type-not-granted"));
    }

    @Test
    void aSubmitterWhoseGrantClaimNamesCommandSubmitsACommandTask() {
        String submitter = issuer.issue(anAccessToken().inGroups(Roles.SUBMITTER)
                .withClaim(GRANTS_CLAIM, List.of("command")));

        String id = submitAs(submitter, aShellTask("true")).then().statusCode(202).extract().path("id");

        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void anExpiredTokenIsAnsweredUnauthorized() {
        String expired = issuer.issue(anAccessToken().inGroups(Roles.ADMIN).expiredSince(Duration.ofMinutes(10)));

        assertUnauthorized(bearing(expired).get("/api/tasks"));
    }

    @Test
    void aTokenSignedWithAKeyTheIssuerNeverPublishedIsAnsweredUnauthorized() {
        String forged = issuer.issueWithUnpublishedKey(anAccessToken().inGroups(Roles.ADMIN));

        assertUnauthorized(bearing(forged).get("/api/tasks"));
    }

    @Test
    void aTokenFromAnotherIssuerIsAnsweredUnauthorized() {
        String foreign = issuer.issue(anAccessToken().inGroups(Roles.ADMIN)
                .issuedBy("https://login.elsewhere.example/realms/other"));

        assertUnauthorized(bearing(foreign).get("/api/tasks"));
    }

    @Test
    void aSubmitterCancelsItsOwnTaskButNotOneTheAdminTokenSubmitted() {
        String submitter = issuer.issue(anAccessToken().inGroups(Roles.SUBMITTER));
        String own = submitAs(submitter, aTask().withParam("durationMs", RUNS_FOR_MS)).then().statusCode(202)
                .extract().path("id");
        String admins = submitted(aTask().withParam("durationMs", RUNS_FOR_MS));

        bearing(submitter).post("/api/tasks/" + admins + "/cancel").then().statusCode(403)
                .body("type", equalTo("/problems/not-your-task"));
        bearing(submitter).post("/api/tasks/" + own + "/cancel").then().log().ifValidationFails().statusCode(202);

        assertThat(awaitFinal(own).getString("status")).isEqualTo("CANCELLED");
        given().post("/api/tasks/" + admins + "/cancel").then().log().ifValidationFails().statusCode(202);
        assertThat(awaitFinal(admins).getString("status")).isEqualTo("CANCELLED");
    }

    /** A request with this access token; without it, every request would carry the tests' admin API token. */
    private static RequestSpecification bearing(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken);
    }

    private static Response submitAs(String accessToken, TaskBuilder task) {
        return bearing(accessToken).contentType(ContentType.JSON).body(task.json()).post("/api/tasks");
    }

    private static void assertUnauthorized(Response response) {
        response.then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"queuemgr\"")
                .body("type", equalTo("/problems/unauthorized"));
    }
}
