package io.queuemgr.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An error answer of the service as one line: the problem's title, detail and field errors, or the status. */
public final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static String describe(int status, String body) {
        JsonNode problem = parse(body);
        if (problem != null && problem.hasNonNull("title")) {
            return describe(problem) + (status == 401 ? "; " + CliSettings.HOW_TO_SET_TOKEN : "");
        }
        return switch (status) {
            case 401 -> "401 Unauthorized: the service refused the token (or none was given); "
                    + CliSettings.HOW_TO_SET_TOKEN;
            case 403 -> "403 Forbidden: the token's roles do not allow this";
            default -> "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body.strip()));
        };
    }

    /** A problem document (RFC 9457) in one line. */
    public static String describe(JsonNode problem) {
        StringBuilder line = new StringBuilder(problem.path("title").asText("error"));
        if (problem.hasNonNull("status")) {
            line.append(" (").append(problem.get("status").asInt()).append(')');
        }
        if (problem.hasNonNull("detail")) {
            line.append(": ").append(problem.get("detail").asText());
        }
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText() + " " + e.path("message").asText()));
        if (!fields.isEmpty()) {
            line.append(" [").append(String.join("; ", fields)).append(']');
        }
        return line.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
