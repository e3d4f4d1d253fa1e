package io.queuemgr.executor.http;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.Breakers;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.executor.Unwell;
import io.queuemgr.task.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * Calls an HTTP endpoint. The status must be one of {@code expectedStatus} (any 2xx when not given); a stop
 * closes the request.
 */
@ApplicationScoped
public class WebhookExecutor implements TaskExecutor<WebhookParams> {

    private static final TaskType TYPE = TaskType.of("webhook", WebhookParams.class,
            "Calls an HTTP endpoint; any 2xx (or one of expectedStatus) is success.")
            .aliases("CUSTOM_WEBHOOK").tags("http", "webhook").can(TaskType.Capability.CANCELLABLE);

    static final int BODY_TAIL_CHARS = 64 * 1024;

    private final GuardedCall calls;
    private final Breakers breakers;

    public WebhookExecutor(GuardedCall calls, Breakers breakers) {
        this.calls = calls;
        this.breakers = breakers;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(WebhookParams p, ExecutionContext context) {
        String url = p.url();
        HttpMethod method = HttpMethod.valueOf(p.method() == null ? "POST" : p.method().toUpperCase(Locale.ROOT));
        JsonNode body = p.body();
        Buffer payload = null;
        boolean json = false;
        if (body != null && !body.isNull()) {
            payload = Buffer.buffer(body.isTextual() ? body.asText() : body.toString());
            json = !body.isTextual();
        }
        Set<Integer> expected = p.expectedStatus() == null ? Set.of() : new HashSet<>(p.expectedStatus());
        context.step(method + " " + url);
        context.log(method + " " + url);
        Buffer sent = payload;
        boolean asJson = json;
        URI uri = URI.create(url);
        // A 5xx the task does not expect says the target is unwell; a 4xx says the request was wrong.
        Unwell<HttpResponse<Buffer>> unwell = Unwell
                .networkOr(r -> r.statusCode() >= 500 && !expected.contains(r.statusCode()));
        // Secrets are read from files: resolved off the caller's thread, like the host's addresses after them.
        Uni<HttpResponse<Buffer>> call = context.blocking(() -> headers(p.headers(), asJson, context))
                .chain(headers -> breakers.guarded(GuardedCall.target(uri),
                        () -> calls.send(new GuardedCall.Request(method, uri, headers, sent)), unwell));
        return Uni.createFrom().emitter(emitter -> {
            Cancellable inFlight = call.subscribe().with(
                    response -> emitter.complete(outcome(response, expected, context)),
                    emitter::fail);
            context.onCancel(() -> {
                inFlight.cancel();
                emitter.complete(new TaskOutcome.Stopped(null));
            });
        });
    }

    /** The task's headers with their secrets resolved; a JSON body is labelled unless the task says otherwise. */
    private static Map<String, String> headers(Map<String, JsonNode> param, boolean json,
            ExecutionContext context) {
        Map<String, String> headers = context.secrets().resolveAll("params.headers", param);
        headers.forEach((name, value) -> {
            if (!WebhookRules.isFieldValue(value)) {
                // Only a secret gets here (a literal is checked at submission); its value is never repeated.
                throw ErrorCode.SECRET_UNUSABLE.failure("The value of header " + name
                        + " has a line break or a control character", Map.of("field", "params.headers." + name));
            }
        });
        if (json && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private static TaskOutcome outcome(HttpResponse<Buffer> response, Set<Integer> expected,
            ExecutionContext context) {
        int status = response.statusCode();
        context.log("HTTP " + status);
        // Redacted before it is cut (here and to the error's first line), so that a cut cannot leave part of a
        // secret the answer repeats readable.
        String text = response.body() == null ? "" : context.secrets().redactor().redact(response.bodyAsString());
        if (text.length() > BODY_TAIL_CHARS) {
            text = text.substring(0, BODY_TAIL_CHARS) + "…";
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("status", status);
        String contentType = response.getHeader("Content-Type");
        if (contentType != null) {
            result.put("contentType", contentType);
        }
        result.put("body", text);
        boolean ok = expected.isEmpty() ? status >= 200 && status < 300 : expected.contains(status);
        return ok
                ? new TaskOutcome.Succeeded(result)
                : new TaskOutcome.Failed(HttpErrors.ofStatus(status, firstLine(text)), result);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
