package io.queuemgr.testing;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** API tokens made as an admin would, over POST /api/tokens, and requests made with them. */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A token just made: its name (what tasks show as submittedBy) and the secret to send. */
    public record Made(String name, String token) {

        public RequestSpecification as() {
            return given().header("Authorization", "Bearer " + token);
        }
    }

    private Tokens() {
    }

    /** A token with the given roles and grants of code-running types, under a fresh name. */
    public static Made make(List<String> roles, List<String> allowedTypes) {
        String name = "t-" + roles.getFirst() + "-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = JSON.createObjectNode().put("name", name);
        roles.forEach(body.putArray("roles")::add);
        allowedTypes.forEach(body.putArray("allowedTypes")::add);
        String token = given().contentType(ContentType.JSON).body(body.toString()).post("/api/tokens").then()
                .statusCode(201).extract().path("token");
        return new Made(name, token);
    }

    public static Made make(String role) {
        return make(List.of(role), List.of());
    }
}
