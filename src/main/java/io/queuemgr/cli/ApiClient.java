package io.queuemgr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The service's REST API over java.net.http: every error answer becomes a {@link CliException} of one line. */
public final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The mapper for other packages of the CLI. */
    public static final ObjectMapper JSON_READER = JSON;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final CliSettings settings;

    public ApiClient(CliSettings settings) {
        this.settings = settings;
    }

    /** A JSON answer, its body kept as the service sent it so that --output json can print it unchanged. */
    public record Answer(int status, String body) {

        public JsonNode json() {
            try {
                return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new CliException("the service answered something that is not JSON: " + e.getMessage());
            }
        }
    }

    public Answer get(String path) {
        return checked(send(request(path).GET()));
    }

    /** A GET whose error statuses are answers too (the health endpoint answers 503 with its checks). */
    public Answer getAny(String path) {
        return send(request(path).GET());
    }

    public Answer post(String path, String json) {
        return checked(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json))));
    }

    /** A submission under an Idempotency-Key. */
    public Answer postWithKey(String path, String json, String idempotencyKey) {
        return checked(send(request(path).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    public Answer delete(String path) {
        return checked(send(request(path).DELETE()));
    }

    /** A stream that stays open (server-sent events); the caller closes it. */
    public InputStream stream(String path) {
        HttpRequest request = request(path).header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                try (InputStream body = response.body()) {
                    throw new CliException(Problems.describe(response.statusCode(),
                            new String(body.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    public URI server() {
        return settings.server();
    }

    /** A query string of the given parameters, leaving out those without a value. */
    public static String query(Map<String, ?> params) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        new LinkedHashMap<>(params).forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                query.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.server() + path))
                .header("Accept", "application/json, application/problem+json");
        if (settings.token() != null) {
            builder.header("Authorization", "Bearer " + settings.token());
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static Answer checked(Answer answer) {
        if (answer.status() >= 400) {
            throw new CliException(Problems.describe(answer.status(), answer.body()));
        }
        return answer;
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof ConnectException
                ? "connection refused"
                : e instanceof HttpConnectTimeoutException
                        ? "no answer within 5 s"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException("cannot reach the queuemgr service at " + settings.server() + " (" + why
                + ", URL from " + settings.origin() + "); " + CliSettings.HOW_TO_SET_URL);
    }
}
