package io.queuemgr.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.Tokens;

/**
 * Every operation of the API document, found there rather than listed here, so that a new endpoint cannot slip
 * through: without a credential it answers 401, and with a token that lacks the roles it declares, 403; neither
 * changes anything.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class EveryEndpointIsClosedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @TestHTTPResource("/")
    URI base;

    /** One operation: method, path with its parameters filled in, and the roles it declares. */
    record Operation(String method, String path, List<String> roles) {
    }

    private List<Operation> operations() throws Exception {
        JsonNode document = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String filled = path.getKey().replace("{id}", UUID.randomUUID().toString()).replace("{queue}", "default")
                    .replace("{name}", "nobody").replaceAll("\\{[^}]+}", "x");
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<String> roles = new ArrayList<>();
                op.getValue().path("security").forEach(requirement -> requirement.path("bearer")
                        .forEach(role -> roles.add(role.asText())));
                out.add(new Operation(op.getKey().toUpperCase(), filled, roles));
            }
        }
        return out;
    }

    private int send(Operation op, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(op.path()))
                .header("Content-Type", "application/json")
                .method(op.method(), HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"type\":\"noop\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void everyOperationDeclaresTheBearerSchemeAndItsRoles() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(25);
        // Besides the roles a token made through the API may hold, peer: an instance's own token's, for the
        // operations between instances, which every other role (admin too) is refused below.
        List<String> known = new ArrayList<>(Roles.ALL);
        known.add(Roles.PEER);
        assertThat(operations).allSatisfy(op -> assertThat(op.roles())
                .as("%s %s declares its roles", op.method(), op.path()).isNotEmpty()
                .allSatisfy(role -> assertThat(known).contains(role)));
    }

    @Test
    void everyOperationRefusesARequestWithoutACredential() throws Exception {
        List<String> open = new ArrayList<>();
        for (Operation op : operations()) {
            int status = send(op, null);
            if (status != 401) {
                open.add(op.method() + " " + op.path() + " answered " + status);
            }
        }
        assertThat(open).isEmpty();
    }

    @Test
    void everyOperationRefusesATokenWithoutItsRoles() throws Exception {
        Map<String, Tokens.Made> byRole = new java.util.HashMap<>();
        for (String role : Roles.ALL) {
            byRole.put(role, Tokens.make(role));
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Operation op : operations()) {
            for (String role : Roles.ALL) {
                Set<String> held = new HashSet<>(Roles.expand(List.of(role)));
                held.retainAll(op.roles());
                if (!held.isEmpty()) {
                    continue;
                }
                checked++;
                int status = send(op, "Bearer " + byRole.get(role).token());
                if (status != 403) {
                    wrong.add(op.method() + " " + op.path() + " as " + role + " answered " + status);
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
        assertThat(wrong).isEmpty();
    }
}
