package io.queuemgr.security;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.Tokens;
import io.restassured.http.ContentType;

/** Who gets in, with which token, and what a caller learns when refused. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AuthenticationTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ApiTokens tokens;

    private HttpResponse<String> withoutCredential(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aRequestWithoutACredentialIsUnauthorizedWithAProblemAndTheScheme() throws Exception {
        HttpResponse<String> answer = withoutCredential("/api/tasks");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                scheme -> assertThat(scheme).startsWith("Bearer"));
        assertThat(answer.body()).contains("\"status\":401").contains("Authorization: Bearer");
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        given().header("Authorization", "Bearer qm_" + "x".repeat(43)).get("/api/tasks").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("unknown, revoked or expired"));
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/tasks").then().statusCode(401);
    }

    @Test
    void aRevokedTokenIsRefusedFromThenOn() {
        Tokens.Made viewer = Tokens.make(Roles.VIEWER);
        viewer.as().get("/api/tasks").then().statusCode(200);
        given().delete("/api/tokens/" + viewer.name()).then().statusCode(200)
                .body("revokedAt", org.hamcrest.Matchers.notNullValue());
        viewer.as().get("/api/tasks").then().statusCode(401);
    }

    @Test
    void aTokenPutWithANewSecretShowsWhenThatSecretWasMadeAndTheSameSecretKeepsItsTime() {
        String name = "put-" + System.nanoTime();
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        String secret = TokenSecrets.newToken();
        tokens.put(new ApiToken(name, List.of(Roles.VIEWER), List.of(), "queuemgr", first, null, null), secret)
                .await().atMost(Duration.ofSeconds(10));
        // Put again with the same secret, as a preset admin token is at every start: still made at the first time.
        tokens.put(new ApiToken(name, List.of(Roles.VIEWER), List.of(), "queuemgr", first.plusSeconds(60), null,
                null), secret).await().atMost(Duration.ofSeconds(10));
        given().get("/api/tokens").then().statusCode(200)
                .body("find { it.name == '" + name + "' }.createdAt", equalTo(first.toString()));
        // Revoked, then put with a new secret (an instance renewing its own): active, made at the new time.
        given().delete("/api/tokens/" + name).then().statusCode(200);
        Instant renewed = first.plusSeconds(120);
        String next = TokenSecrets.newToken();
        tokens.put(new ApiToken(name, List.of(Roles.VIEWER), List.of(), "queuemgr", renewed, null, null), next)
                .await().atMost(Duration.ofSeconds(10));
        given().get("/api/tokens").then().statusCode(200)
                .body("find { it.name == '" + name + "' }.createdAt", equalTo(renewed.toString()))
                .body("find { it.name == '" + name + "' }.revokedAt", org.hamcrest.Matchers.nullValue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", "Bearer " + next)
                .get("/api/stats").then().statusCode(200));
        given().header("Authorization", "Bearer " + secret).get("/api/stats").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String name = "expiring-" + System.nanoTime();
        String token = given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"roles\":[\"viewer\"],"
                + "\"expiresAt\":\"" + Instant.now().plusSeconds(8) + "\"}").post("/api/tokens").then()
                .statusCode(201).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/api/stats").then().statusCode(200);
        // Well inside its 8 s on a slow machine too, where the first requests of a run take seconds.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().header("Authorization", "Bearer " + token).get("/api/stats").statusCode() == 401);
    }

    @Test
    void tokensAreListedWithoutTheTokensThemselves() {
        Tokens.Made made = Tokens.make(List.of(Roles.SUBMITTER), List.of("command"));
        String listing = given().get("/api/tokens").then().statusCode(200)
                .body("name", hasItem(made.name()))
                .extract().asString();
        assertThat(listing).doesNotContain(made.token()).doesNotContain(TokenSecrets.hash(made.token()))
                .doesNotContain("hash");
    }

    @Test
    void aViewerReadsButCannotSubmitOrChange() {
        Tokens.Made viewer = Tokens.make(Roles.VIEWER);
        viewer.as().get("/api/queues").then().statusCode(200);
        viewer.as().contentType(ContentType.JSON).body(aTask().json()).post("/api/tasks").then().statusCode(403)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(403));
        viewer.as().post("/api/queues/default/pause").then().statusCode(403);
        viewer.as().get("/api/tokens").then().statusCode(403);
        viewer.as().get("/api/audit").then().statusCode(403);
    }

    @Test
    void codeRunningTypesNeedAnExplicitGrant() {
        Tokens.Made plain = Tokens.make(Roles.SUBMITTER);
        plain.as().contentType(ContentType.JSON).body(aTask().json()).post("/api/tasks").then().statusCode(202);
        plain.as().contentType(ContentType.JSON).body(aTask().ofType("command").withParam("command", "true").json())
                .post("/api/tasks").then().statusCode(403)
                .body("type", equalTo("/problems/type-not-granted"))
                .body("detail", containsString("allowedTypes"));
        // An operator holds every role below admin, but no grant either.
        Tokens.Made operator = Tokens.make(Roles.OPERATOR);
        operator.as().contentType(ContentType.JSON).body(aTask().ofType("script").withParam("scriptPath", "/tmp/x.sh")
                .json()).post("/api/tasks").then().statusCode(403);

        Tokens.Made granted = Tokens.make(List.of(Roles.SUBMITTER), List.of("command"));
        String id = granted.as().contentType(ContentType.JSON)
                .body(aTask().ofType("command").withParam("command", "true").json()).post("/api/tasks").then()
                .statusCode(202).extract().path("id");
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
        granted.as().contentType(ContentType.JSON).body(aTask().ofType("script").withParam("scriptPath",
                "/tmp/x.sh").json()).post("/api/tasks").then().statusCode(403);
    }

    @Test
    void everySnapshotAndHistoryRowNamesItsSubmitter() {
        Tokens.Made submitter = Tokens.make(Roles.SUBMITTER);
        String id = submitter.as().contentType(ContentType.JSON).body(aTask().json()).post("/api/tasks").then()
                .statusCode(202).body("submittedBy", equalTo(submitter.name())).extract().path("id");
        assertThat(awaitFinal(id).getString("submittedBy")).isEqualTo(submitter.name());
        await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("queue", "default")
                .get("/api/tasks/history").then().extract().jsonPath().getList("items.id").contains(id));
        given().queryParam("queue", "default").get("/api/tasks/history").then()
                .body("items.find { it.id == '" + id + "' }.submittedBy", equalTo(submitter.name()));
    }

    @Test
    void aSubmitterChangesOnlyItsOwnTasksAnOperatorAny() {
        String queue = "own-" + Long.toHexString(System.nanoTime());
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\"}").post("/api/queues").then()
                .statusCode(201);
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        Tokens.Made alice = Tokens.make(Roles.SUBMITTER);
        Tokens.Made bob = Tokens.make(Roles.SUBMITTER);
        String first = alice.as().contentType(ContentType.JSON).body(aTask().inQueue(queue).json())
                .post("/api/tasks").then().statusCode(202).extract().path("id");
        String second = alice.as().contentType(ContentType.JSON).body(aTask().inQueue(queue).json())
                .post("/api/tasks").then().statusCode(202).extract().path("id");

        bob.as().post("/api/tasks/" + first + "/cancel").then().statusCode(403)
                .body("type", equalTo("/problems/not-your-task"));
        alice.as().post("/api/tasks/" + first + "/cancel").then().statusCode(202);
        Tokens.make(Roles.OPERATOR).as().post("/api/tasks/" + second + "/cancel").then().statusCode(202);
        assertThat(awaitFinal(first).getString("status")).isEqualTo("CANCELLED");
        assertThat(awaitFinal(second).getString("status")).isEqualTo("CANCELLED");
    }

    @Test
    void onlyAnAdminManagesTokensAndNoTokenRevokesItself() {
        Tokens.Made operator = Tokens.make(Roles.OPERATOR);
        operator.as().contentType(ContentType.JSON).body("{\"name\":\"x\",\"roles\":[\"admin\"]}")
                .post("/api/tokens").then().statusCode(403);
        Tokens.Made admin = Tokens.make(Roles.ADMIN);
        admin.as().delete("/api/tokens/" + admin.name()).then().statusCode(409);
        admin.as().delete("/api/tokens/" + operator.name()).then().statusCode(200);
        given().delete("/api/tokens/no-such-token").then().statusCode(404);
    }

    @Test
    void aBadTokenRequestIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"a b\",\"roles\":[\"root\"],\"allowedTypes\":[\"A*\"]}")
                .post("/api/tokens").then().statusCode(400)
                .body("errors.field", hasItem(containsString("name")))
                .body("errors.field", hasItem(containsString("roles")))
                .body("errors.field", hasItem(containsString("allowedTypes")));
        given().contentType(ContentType.JSON).body("{\"name\":\"past\",\"roles\":[\"viewer\"],\"expiresAt\":"
                + "\"2001-01-01T00:00:00Z\"}").post("/api/tokens").then().statusCode(400);
        String name = "twice-" + System.nanoTime();
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"roles\":[\"viewer\"]}")
                .post("/api/tokens").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"roles\":[\"viewer\"]}")
                .post("/api/tokens").then().statusCode(409);
    }

    @Test
    void healthIsOpenMetricsNeedAViewerTheApiDocumentIsOpen() throws Exception {
        assertThat(withoutCredential("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(withoutCredential("/q/metrics").statusCode()).isEqualTo(401);
        Tokens.make(Roles.VIEWER).as().get("/q/metrics").then().statusCode(200);
        Tokens.make(Roles.WORKER).as().get("/q/metrics").then().statusCode(403);
        HttpResponse<String> document = withoutCredential("/q/openapi?format=json");
        assertThat(document.statusCode()).isEqualTo(200);
        given().get("/q/openapi?format=json").then().body("components.securitySchemes.bearer.scheme",
                equalTo("bearer")).body("components.securitySchemes.bearer.description", containsString("qm_"));
    }

    @Test
    void leasingWorkNeedsTheWorkerRole() {
        Tokens.make(Roles.OPERATOR).as().contentType(ContentType.JSON).body("{\"workerId\":\"w1\"}")
                .post("/api/queues/default/tasks/next").then().statusCode(403);
        Tokens.make(Roles.WORKER).as().contentType(ContentType.JSON).body("{\"workerId\":\"w1\"}")
                .post("/api/queues/default/tasks/next").then().statusCode(not(403));
    }

    @Test
    void everyChangeIsInTheAuditTrailUnderItsPrincipal() {
        String queue = "audit-" + Long.toHexString(System.nanoTime());
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\"}").post("/api/queues").then()
                .statusCode(201);
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        Tokens.Made submitter = Tokens.make(Roles.SUBMITTER);
        String id = submitter.as().contentType(ContentType.JSON).body(aTask().inQueue(queue).json())
                .post("/api/tasks").then().statusCode(202).extract().path("id");
        submitter.as().post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        submitter.as().contentType(ContentType.JSON).body(aTask().ofType("command").withParam("command", "id")
                .json()).post("/api/tasks").then().statusCode(403);

        await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("principal", submitter.name())
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items").size() == 3);
        given().queryParam("principal", submitter.name()).get("/api/audit").then()
                .body("items.find { it.action == 'task.submit' && it.target == '" + id + "' }.details.outcome",
                        equalTo("accepted"))
                .body("items.find { it.action == 'task.cancel' }.target", equalTo(id))
                .body("items.find { it.action == 'task.submit' && it.target == null }.details.outcome",
                        equalTo("refused"));
        given().queryParam("target", queue).get("/api/audit").then()
                .body("items.action", hasItem("queue.create")).body("items.action", hasItem("queue.pause"))
                .body("items.principal", hasItem("admin"));
    }
}
