package io.queuemgr.executor.http;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.error.ErrorClassifier;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskFailure;
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
public class WebhookExecutor implements TaskExecutor {

    static final int BODY_TAIL_CHARS = 64 * 1024;
    private static final Executor VIRTUAL = Thread::startVirtualThread;

    private final GuardedCall calls;

    public WebhookExecutor(GuardedCall calls) {
        this.calls = calls;
    }

    @Override
    public Set<String> types() {
        return Set.of("webhook");
    }

    @Override
    public Class<?> paramsType(String type) {
        return WebhookParams.class;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        JsonNode p = task.params();
        String url = p.get("url").asText();
        HttpMethod method = HttpMethod.valueOf(p.path("method").asText("POST").toUpperCase(Locale.ROOT));
        JsonNode body = p.get("body");
        Buffer payload = null;
        boolean json = false;
        if (body != null && !body.isNull()) {
            payload = Buffer.buffer(body.isTextual() ? body.asText() : body.toString());
            json = !body.isTextual();
        }
        Set<Integer> expected = new HashSet<>();
        p.path("expectedStatus").forEach(s -> expected.add(s.asInt()));
        context.progress(null, method + " " + url);
        context.log(method + " " + url);
        Buffer sent = payload;
        boolean asJson = json;
        // Secrets are read from files: resolved on a virtual thread, like the host's addresses after them.
        Uni<HttpResponse<Buffer>> call = Uni.createFrom().item(() -> headers(p.get("headers"), asJson, context))
                .runSubscriptionOn(VIRTUAL)
                .chain(headers -> calls.send(new GuardedCall.Request(method, URI.create(url), headers, sent)));
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
    private static Map<String, String> headers(JsonNode param, boolean json, ExecutionContext context) {
        Map<String, String> headers = context.secrets().resolveAll("params.headers", param);
        headers.forEach((name, value) -> {
            if (!WebhookRules.isFieldValue(value)) {
                // Only a secret gets here (a literal is checked at submission); its value is never repeated.
                throw new TaskFailure(ErrorCode.SECRET_UNUSABLE.toError("The value of header " + name
                        + " has a line break or a control character", Map.of("field", "params.headers." + name)));
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
                : new TaskOutcome.Failed(ErrorClassifier.fromHttpStatus(status, firstLine(text)), result);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
