package io.queuemgr.fuzz;

import static io.queuemgr.fuzz.FuzzRequest.Expect.BAD_REQUEST;
import static io.queuemgr.fuzz.FuzzRequest.Expect.CLIENT_ERROR;
import static io.queuemgr.fuzz.FuzzRequest.Expect.NO_SERVER_ERROR;
import static io.queuemgr.fuzz.JsonFuzz.quoted;
import static io.queuemgr.fuzz.JsonFuzz.utf8;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.queuemgr.fuzz.FuzzRequest.Expect;

/**
 * Generates requests across every {@code /api} endpoint: valid, mutated and random bodies, wrong types, huge and
 * deeply nested values, odd headers, bad ids, cursors and query parameters. Actions that change things aim only at
 * the run's own queues and tasks ({@link FuzzTargets}).
 */
final class RequestFuzz {

    /** Above {@code queuemgr.submission.max-body-bytes}. */
    static final int OVER_BODY_LIMIT = 1_048_576 + 1024;

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json",
            "application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data", "application/cloudevents+json",
            "application/octet-stream", "a/b;c=d", "json", "application/json; charset=utf-16", "*/*", ";;;");
    private static final List<String> ACCEPTS = List.of("application/json", "application/problem+json", "*/*",
            "text/html", "application/xml", "text/plain", "image/png", "application/json;q=0", "garbage", "*/*;q=x");
    private static final List<String> GOOD_LIMITS = List.of("1", "7", "50", "1000");
    private static final List<String> BAD_LIMITS = List.of("abc", "-1", "0", "1001", "1.5", "99999999999",
            "1e2", "0x10", "five", "\u0000", "2147483648", "NaN", "--1");
    private static final List<String> INSTANTS = List.of("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123456Z",
            "1970-01-01T00:00:00Z", "2100-12-31T23:59:59Z");
    private static final List<String> BAD_INSTANTS = List.of("yesterday", "2026-13-01T00:00:00Z",
            "2026-01-02", "2026-01-02T03:04:05", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z",
            "-4714-11-24T00:00:00Z", "0000-01-01T00:00:00Z", "1e9", "");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    private static final List<String> STATUSES = List.of("PENDING", "running", "Completed", "FAILED", "CANCELLED",
            "TIMEOUT", "PAUSED", "UPLOADING");

    private final FuzzTargets targets;

    RequestFuzz(FuzzTargets targets) {
        this.targets = targets;
    }

    FuzzRequest request(int index, SplittableRandom random) {
        JsonFuzz f = new JsonFuzz(random);
        Builder b = new Builder(index, f);
        switch (f.random().nextInt(24)) {
            case 0, 1, 2, 3, 4 -> submission(b, "/api/tasks", targets.parkedQueue());
            case 5, 6 -> {
                String queue = f.chance(0.7) ? targets.parkedQueue() : ownQueue(f);
                submission(b, "/api/queues/" + segment(queue) + "/tasks", queue);
            }
            case 7 -> b.call("GET", "/api/tasks/" + segment(taskId(f)));
            case 8 -> listing(b, "/api/tasks", true, false);
            case 9 -> listing(b, "/api/tasks/history", false, true);
            case 10 -> b.call("POST", "/api/tasks/" + segment(taskId(f)) + "/"
                    + f.pick("cancel", "pause", "resume", "retry", f.word(1, 6)));
            case 11 -> b.call(f.pick("DELETE", "GET"), "/api/tasks/" + segment(taskId(f))
                    + f.pick("", "/logs", "/logs/", "/", "/x"));
            case 12 -> b.call("GET", f.pick("/api/queues", "/api/stats", "/api/queues/failed-tasks"));
            case 13 -> b.call("GET", "/api/queues/" + segment(anyQueue(f)) + f.pick("", "/stats", "/dead"));
            case 14 -> queueDefinition(b, "POST", "/api/queues");
            case 15 -> queueDefinition(b, "PUT", "/api/queues/" + segment(ownQueue(f)));
            case 16 -> b.call(f.pick("POST", "DELETE"), "/api/queues/" + segment(ownQueue(f))
                    + f.pick("/pause", "/resume", "", "/dead", "/dead/requeue"));
            case 17 -> b.call(f.pick("POST", "DELETE"), "/api/queues/" + segment(ownQueue(f)) + "/dead/"
                    + segment(taskId(f)) + f.pick("", "/requeue"));
            case 18 -> listing(b, f.pick("/api/queues/failed-tasks", "/api/queues/" + segment(anyQueue(f)) + "/dead"),
                    false, false);
            case 19 -> workerCall(b, "/api/queues/" + segment(f.chance(0.7) ? targets.workerQueue() : ownQueue(f))
                    + "/tasks/next");
            case 20 -> workerCall(b, "/api/queues/tasks/" + segment(taskId(f)) + "/"
                    + f.pick("heartbeat", "complete", "fail"));
            case 21 -> b.call(f.pick(METHODS), f.pick("/api", "/api/", "/api/tasks/", "/api/queues/", "/api/x",
                    "/api/tasks/history/x", "/api/queues/a/b/c/d", "/api/stats/x", "/api//tasks", "/api/%2e%2e/q"));
            default -> b.call(f.pick(METHODS), f.pick("/api/tasks", "/api/queues", "/api/stats",
                    "/api/tasks/" + UUID.randomUUID(), "/api/queues/default"));
        }
        if (f.chance(0.03)) {
            // A method the endpoint does not have.
            b.method = f.pick(METHODS);
            b.expect = NO_SERVER_ERROR;
            b.what = b.what + ", method " + b.method;
        }
        oddHeaders(b);
        return b.build();
    }

    // ---------------------------------------------------------------- submissions

    /** Submission templates that harm nothing even if they ran: they go to the parked queue and never do. */
    private static String template(JsonFuzz f, String queue) {
        String q = quoted(queue);
        return switch (f.random().nextInt(5)) {
            case 0 -> "{\"type\":\"noop\",\"queue\":" + q + ",\"params\":{\"durationMs\":" + f.between(0, 50)
                    + ",\"echo\":" + f.value(3) + "},\"priority\":" + f.between(0, 9)
                    + ",\"category\":\"fz\",\"tags\":[\"a\",\"b\"]}";
            case 1 -> "{\"type\":\"" + f.pick("command", "CUSTOM_COMMAND") + "\",\"queue\":" + q
                    + ",\"params\":{\"command\":\"true\",\"args\":[\"x\"],\"env\":{\"A\":\"b\"}},\"maxRetries\":0,"
                    + "\"timeoutSeconds\":10}";
            case 2 -> "{\"type\":\"webhook\",\"queue\":" + q + ",\"params\":{\"url\":\"http://127.0.0.1:1/hook\","
                    + "\"method\":\"POST\",\"headers\":{\"X-A\":\"b\"},\"body\":{\"k\":1},\"expectedStatus\":[200]}}";
            case 3 -> "{\"type\":\"script\",\"queue\":" + q
                    + ",\"params\":{\"scriptPath\":\"/tmp/queuemgr-nonexistent/fz.sh\"}}";
            default -> "{\"type\":\"noop\",\"queue\":" + q + ",\"params\":{}}";
        };
    }

    private void submission(Builder b, String path, String queue) {
        JsonFuzz f = b.f;
        submissionBody(b, path, queue);
        // Under a queue's path, a name that is not one may be answered by another route (404, 405) first.
        if (!path.equals("/api/tasks") && b.expect == BAD_REQUEST) {
            b.expect = CLIENT_ERROR;
        }
    }

    private void submissionBody(Builder b, String path, String queue) {
        JsonFuzz f = b.f;
        String template = template(f, queue);
        b.call("POST", path);
        b.header("Content-Type", "application/json");
        if (f.chance(0.2)) {
            b.header("Idempotency-Key", f.chance(0.5) ? "fz-key-" + f.between(0, 20) : f.word(1, 40));
        }
        switch (f.random().nextInt(16)) {
            case 0 -> b.body("valid", utf8(template), NO_SERVER_ERROR);
            case 1 -> b.body("valid JSON followed by more", utf8(f.withTrailing(template)), BAD_REQUEST);
            case 2, 3 -> b.body("a field of the wrong kind", utf8(f.breakField(JsonFuzz.object(template),
                    List.of("queue")).toString()), CLIENT_ERROR);
            case 4, 5 -> b.body("mutated bytes", f.mutateBytes(utf8(template)), NO_SERVER_ERROR);
            case 6 -> b.body("random JSON", utf8(f.value(4)), CLIENT_ERROR);
            case 7 -> b.body("random bytes", f.bytes(f.between(1, 2000)), CLIENT_ERROR);
            case 8 -> b.body("no body", new byte[0], CLIENT_ERROR);
            case 9 -> b.body("nesting beyond any limit", utf8("{\"type\":\"noop\",\"queue\":" + quoted(queue)
                    + ",\"params\":{\"echo\":" + f.deep(f.between(1001, 5000)) + "}}"), CLIENT_ERROR);
            case 10 -> b.body("deep but allowed nesting", utf8("{\"type\":\"noop\",\"queue\":" + quoted(queue)
                    + ",\"params\":{\"echo\":" + f.deep(f.between(10, 900)) + "}}"), NO_SERVER_ERROR);
            case 11 -> {
                if (f.chance(0.3)) {
                    b.body("body over the size limit", utf8("{\"type\":\"noop\",\"params\":{\"echo\":"
                            + f.longString(OVER_BODY_LIMIT) + "}}"), CLIENT_ERROR);
                } else {
                    b.body("large params", utf8("{\"type\":\"noop\",\"queue\":" + quoted(queue)
                            + ",\"params\":{\"echo\":" + f.longString(f.between(1_000, 900_000)) + "}}"),
                            NO_SERVER_ERROR);
                }
            }
            case 12 -> b.body("webhook with a URL that is not absolute http(s)", utf8("{\"type\":\"webhook\","
                    + "\"queue\":" + quoted(queue) + ",\"params\":{\"url\":" + quoted(badUrl(f)) + "}}"),
                    CLIENT_ERROR);
            case 13 -> b.body("awkward text everywhere", utf8("{\"type\":\"noop\",\"queue\":" + quoted(queue)
                    + ",\"params\":{\"echo\":" + quoted(f.text(200)) + "},\"category\":" + quoted(f.text(40))
                    + ",\"tags\":[" + quoted(f.text(20)) + "]}"), NO_SERVER_ERROR);
            case 14 -> b.body("numbers out of any range", utf8("{\"type\":\"noop\",\"queue\":" + quoted(queue)
                    + ",\"params\":{},\"" + f.pick("priority", "maxRetries", "timeoutSeconds") + "\":"
                    + f.pick("18446744073709551621", "-18446744073709551611", "1e400", "4294967301", "-1", "1.5",
                            "9223372036854775808")
                    + "}"), CLIENT_ERROR);
            default -> b.body("a CloudEvent around a submission", utf8("{\"specversion\":\"1.0\",\"id\":\"e\","
                    + "\"source\":\"/fz\",\"type\":\"t\",\"data\":" + (f.chance(0.5) ? template : f.value(2)) + "}"),
                    NO_SERVER_ERROR);
        }
        if (!b.headers.containsKey("Idempotency-Key") && f.chance(0.02)) {
            b.header("Idempotency-Key", "fz-long-" + "k".repeat(f.between(250, 3000)));
        }
    }

    private static String badUrl(JsonFuzz f) {
        return f.pick("not a url", "/relative/path", "ftp://example.com/x", "file:///etc/passwd", "http://",
                "http:///nohost", "//example.com/x", "mailto:a@b.c", "javascript:alert(1)", "", " ",
                "http://exa mple.com/", "http://[::1", "HTTP//x", "http://host:99999/", "example.com",
                "gopher://x", "http://%zz/");
    }

    // ---------------------------------------------------------------- listings and query parameters

    private void listing(Builder b, String path, boolean registryFilters, boolean historyFilters) {
        JsonFuzz f = b.f;
        List<String> query = new ArrayList<>();
        Expect expect = NO_SERVER_ERROR;
        String what = "listing";
        if (f.chance(0.6)) {
            boolean bad = f.chance(0.5);
            query.add("limit=" + encode(bad ? f.pick(BAD_LIMITS) : f.pick(GOOD_LIMITS)));
            if (bad) {
                expect = BAD_REQUEST;
                what = "malformed limit";
            }
        }
        if (f.chance(0.4)) {
            boolean bad = f.chance(0.6);
            query.add("cursor=" + encode(bad
                    ? f.pick(f.word(1, 30), f.text(20) + "x", "not-a-cursor",
                            UUID.randomUUID() + "x", "0", "{}", "..")
                    : UUID.randomUUID().toString()));
            if (bad) {
                expect = BAD_REQUEST;
                what = "malformed cursor";
            }
        }
        if ((registryFilters || historyFilters) && f.chance(0.4)) {
            boolean bad = f.chance(0.5);
            query.add("status=" + encode(bad ? f.pick("DONE", "x", "RUNNING;", "pending ", "0") : f.pick(STATUSES)));
            if (bad) {
                expect = BAD_REQUEST;
                what = "unknown status";
            }
        }
        if (registryFilters || historyFilters) {
            for (String name : List.of("queue", "type", "category", "tag")) {
                if (f.chance(0.15)) {
                    query.add(name + "=" + encode(f.chance(0.5) ? f.text(30) : f.word(1, 10)));
                }
            }
        }
        if (registryFilters && f.chance(0.2)) {
            query.add("idempotencyKey=" + encode(f.text(40)));
        }
        if (historyFilters) {
            for (String name : List.of("finishedAfter", "finishedBefore")) {
                if (f.chance(0.3)) {
                    boolean bad = f.chance(0.6);
                    String value = bad ? f.pick(BAD_INSTANTS) : f.pick(INSTANTS);
                    query.add(name + "=" + encode(value));
                    if (bad && !value.isEmpty()) {
                        expect = BAD_REQUEST;
                        what = "malformed " + name;
                    }
                }
            }
        }
        if (f.chance(0.1)) {
            query.add(encode(f.text(10)) + "=" + encode(f.text(10)));
        }
        if (f.chance(0.05)) {
            query.add("limit=5");
            query.add("limit=" + encode(f.pick(BAD_LIMITS)));
        }
        b.call("GET", path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        b.what = what;
        // Under a queue's path an unknown queue may be answered 404 before the parameters are looked at.
        b.expect = expect == BAD_REQUEST && path.endsWith("/dead") ? CLIENT_ERROR : expect;
    }

    // ---------------------------------------------------------------- queues and workers

    private void queueDefinition(Builder b, String method, String path) {
        JsonFuzz f = b.f;
        String name = f.chance(0.5) ? pickOwn(f) : "fz-" + f.word(1, 10);
        String valid = "{\"name\":" + quoted(name) + ",\"description\":" + quoted(f.text(50))
                + ",\"maxConcurrent\":" + f.between(1, 50) + ",\"priority\":" + f.between(0, 9)
                + ",\"maxRetries\":" + f.between(0, 5) + ",\"retryBaseDelay\":\"" + f.pick("1s", "PT2S", "500ms", "3")
                + "\",\"retryMaxDelay\":\"" + f.pick("1h", "PT1H", "30d") + "\",\"defaultTimeout\":"
                + f.pick("null", "\"PT30M\"", "\"5m\"") + ",\"rateLimit\":"
                + f.pick("null", "\"100/hour\"", "\"5/second\"")
                + "}";
        if (method.equals("PUT")) {
            valid = JsonFuzz.object(valid).without("name").toString();
        }
        b.call(method, path);
        b.header("Content-Type", "application/json");
        switch (f.random().nextInt(8)) {
            case 0 -> b.body("queue definition", utf8(valid), NO_SERVER_ERROR);
            case 1 -> b.body("queue definition followed by more", utf8(f.withTrailing(valid)), CLIENT_ERROR);
            case 2 -> b.body("queue field of the wrong kind", utf8(f.breakField(JsonFuzz.object(valid), List.of())
                    .toString()), CLIENT_ERROR);
            case 3 -> b.body("mutated queue definition", f.mutateBytes(utf8(valid)), NO_SERVER_ERROR);
            case 4 -> b.body("odd durations", utf8("{\"retryBaseDelay\":" + f.pick("\"PT99999999999999H\"",
                    "\"999999999d\"", "-5", "\"P1000000D\"", "\"PT-1S\"", "1e400", "18446744073709551621",
                    "\"0ms\"", "\"1 fortnight\"") + "}"), CLIENT_ERROR);
            case 5 -> b.body("random JSON", utf8(f.value(3)), NO_SERVER_ERROR);
            case 6 -> b.body("random bytes", f.bytes(f.between(0, 500)), CLIENT_ERROR);
            default -> b.body("awkward description", utf8("{\"description\":" + quoted(f.text(800)) + "}"),
                    NO_SERVER_ERROR);
        }
    }

    private void workerCall(Builder b, String path) {
        JsonFuzz f = b.f;
        String worker = f.chance(0.7) ? "fz-worker-" + f.between(0, 3) : f.text(30);
        String valid = "{\"workerId\":" + quoted(worker) + ",\"leaseSeconds\":" + f.between(1, 3600)
                + ",\"progress\":" + f.between(0, 100) + ",\"step\":" + quoted(f.text(50)) + ",\"error\":"
                + quoted(f.text(50)) + ",\"retry\":" + f.pick("true", "false") + ",\"result\":" + f.value(3) + "}";
        b.call("POST", path);
        b.header("Content-Type", "application/json");
        switch (f.random().nextInt(7)) {
            case 0, 1 -> b.body("worker call", utf8(valid), NO_SERVER_ERROR);
            case 2 -> b.body("worker call followed by more", utf8(f.withTrailing(valid)), CLIENT_ERROR);
            case 3 -> b.body("worker field of the wrong kind", utf8(f.breakField(JsonFuzz.object(valid),
                    List.of("workerId", "error", "result")).toString()), NO_SERVER_ERROR);
            case 4 -> b.body("mutated worker call", f.mutateBytes(utf8(valid)), NO_SERVER_ERROR);
            case 5 -> b.body("worker numbers out of range", utf8("{\"workerId\":\"w\",\"leaseSeconds\":"
                    + f.pick("0", "-1", "3601", "18446744073709551617", "1e400", "1.5", "\"30\"") + "}"),
                    CLIENT_ERROR);
            default -> b.body("random bytes", f.bytes(f.between(0, 300)), CLIENT_ERROR);
        }
    }

    // ---------------------------------------------------------------- ids, names and headers

    private String taskId(JsonFuzz f) {
        return switch (f.random().nextInt(6)) {
            case 0, 1 -> f.pick(targets.taskIds());
            case 2 -> UUID.randomUUID().toString();
            case 3 -> f.pick("not-a-uuid", "0", "", "..", "null", "00000000-0000-0000-0000-00000000000g",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff", "1-1-1-1-1", "{id}", "%", "%00");
            case 4 -> f.text(40);
            default -> UUID.randomUUID().toString().toUpperCase() + f.pick("", " ", "x", "/");
        };
    }

    /** Any queue name, also other tests' and impossible ones: for calls that only read. */
    private String anyQueue(JsonFuzz f) {
        return switch (f.random().nextInt(5)) {
            case 0 -> "default";
            case 1 -> pickOwn(f);
            case 2 -> f.text(30);
            case 3 -> f.pick("tasks", "failed-tasks", "", ".", "..", "-a", "a".repeat(65), "a b", "a/b");
            default -> "nx-" + f.word(1, 20);
        };
    }

    /**
     * A queue this run owns or one that cannot exist: for calls that change things or submit. Never {@code default}
     * or another test's queue: pausing or filling those would hold up every test after this one.
     */
    private String ownQueue(JsonFuzz f) {
        return switch (f.random().nextInt(4)) {
            case 0, 1 -> pickOwn(f);
            case 2 -> "nx-" + f.text(20);
            default -> f.pick("tasks", "failed-tasks", "", "..", ".", "a".repeat(300));
        };
    }

    private String pickOwn(JsonFuzz f) {
        return f.pick(targets.scratchQueues());
    }

    private static void oddHeaders(Builder b) {
        JsonFuzz f = b.f;
        if (f.chance(0.15)) {
            b.header("Content-Type", f.pick(CONTENT_TYPES));
            // A media type that cannot be read may be answered 415 before the body is looked at.
            b.expect = b.expect == BAD_REQUEST ? CLIENT_ERROR : b.expect;
        }
        if (f.chance(0.15)) {
            b.header("Accept", f.pick(ACCEPTS));
            // A media type the service cannot produce may be answered 406 before anything else.
            b.expect = b.expect == BAD_REQUEST ? CLIENT_ERROR : b.expect;
        }
        if (f.chance(0.05)) {
            b.header("Idempotency-Key", f.pick("", " ", "\t", "x".repeat(f.between(256, 4000)), "é", "a b c"));
        }
        int extra = f.chance(0.2) ? f.between(1, 5) : 0;
        for (int i = 0; i < extra; i++) {
            b.header("X-" + f.word(1, 20), headerValue(f));
        }
        if (f.chance(0.02)) {
            b.header(f.pick("Content-Encoding", "Accept-Encoding", "Cookie", "Range", "If-Match",
                    "X-HTTP-Method-Override", "Forwarded"), headerValue(f));
        }
    }

    private static String headerValue(JsonFuzz f) {
        StringBuilder s = new StringBuilder();
        int n = f.chance(0.05) ? f.between(1000, 6000) : f.between(0, 60);
        for (int i = 0; i < n; i++) {
            s.append((char) f.between(0x20, 0x7E));
        }
        return s.toString().strip();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The request under construction. */
    private static final class Builder {
        final int index;
        final JsonFuzz f;
        String what = "call";
        String method = "GET";
        String path = "/api";
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        Expect expect = NO_SERVER_ERROR;

        Builder(int index, JsonFuzz f) {
            this.index = index;
            this.f = f;
        }

        void call(String m, String p) {
            method = m;
            path = p;
            what = m + " call";
        }

        void header(String name, String value) {
            headers.put(name, value);
        }

        void body(String description, byte[] bytes, Expect expectation) {
            what = description;
            body = bytes;
            expect = expectation;
        }

        FuzzRequest build() {
            return new FuzzRequest(index, what, method, path, headers, body, expect);
        }
    }
}
