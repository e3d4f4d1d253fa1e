package io.queuemgr.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every answer of the API must be: never a 5xx, and for every error an RFC 9457 problem document
 * ({@code application/problem+json} with type, title, status and detail) that shows no stack trace or Java name.
 */
final class ProblemCheck {

    /** Traces of the implementation: exception names, stack frames, packages, Jackson feature names. */
    static final Pattern LEAK = Pattern.compile("Exception|Throwable|\\sat [a-z]+\\.|\\.java:\\d|"
            + "\\b(java|javax|jakarta|sun|io\\.quarkus|io\\.vertx|io\\.netty|io\\.smallrye|io\\.queuemgr|"
            + "org\\.[a-z]+|com\\.fasterxml)\\.[a-zA-Z]|StreamReadConstraints|DeserializationFeature|"
            + "StreamReadFeature|JsonNode|`[A-Za-z]\\w*(\\.[A-Za-z]\\w*)+(\\(\\))?`");

    private ProblemCheck() {
    }

    /** What is wrong with the answer, or empty when it is as it must be. */
    static Optional<String> violation(FuzzRequest request, int status, String contentType, byte[] body) {
        if (status >= 500) {
            return Optional.of("answered " + status);
        }
        switch (request.expect()) {
            case BAD_REQUEST -> {
                if (status != 400) {
                    return Optional.of("answered " + status + " where 400 was due");
                }
            }
            case CLIENT_ERROR -> {
                if (status < 400) {
                    return Optional.of("answered " + status + " where a 4xx was due");
                }
            }
            case NO_SERVER_ERROR -> {
            }
        }
        if (status < 400 || request.method().equals("HEAD")) {
            return Optional.empty();
        }
        return problemDocument(status, contentType, body);
    }

    static Optional<String> problemDocument(int status, String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return Optional.of("error " + status + " as " + contentType + ", not application/problem+json: "
                    + FuzzRequest.abbreviate(text, 300));
        }
        JsonNode problem;
        try {
            problem = JsonFuzz.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return Optional.of("error " + status + " whose body is not JSON: " + FuzzRequest.abbreviate(text, 300));
        }
        if (problem == null || !problem.path("type").isTextual() || !problem.path("title").isTextual()
                || problem.path("status").asInt() != status || problem.path("detail").asText("").isBlank()) {
            return Optional.of("error " + status + " without type, title, status " + status + " and detail: "
                    + FuzzRequest.abbreviate(text, 300));
        }
        var leak = LEAK.matcher(text);
        if (leak.find()) {
            return Optional.of("error " + status + " shows '" + leak.group() + "': " + FuzzRequest.abbreviate(text,
                    500));
        }
        return Optional.empty();
    }
}
