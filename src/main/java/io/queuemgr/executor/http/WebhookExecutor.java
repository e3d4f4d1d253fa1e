package io.queuemgr.executor.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.error.ErrorClassifier;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.ParamSchema;
import io.queuemgr.executor.ParamSchema.Kind;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * Calls an HTTP endpoint. The status must be one of {@code expectedStatus} (any 2xx when not given); a stop
 * closes the request.
 */
@ApplicationScoped
public class WebhookExecutor implements TaskExecutor {

    static final int BODY_TAIL_CHARS = 64 * 1024;
    private static final ParamSchema SCHEMA = ParamSchema.of()
            .required("url", Kind.STRING, WebhookRules::url)
            .optional("method", Kind.STRING, WebhookRules::method)
            .optional("headers", Kind.STRING_MAP, WebhookRules::headers)
            .optional("body", Kind.ANY)
            .optional("expectedStatus", Kind.INTEGER_LIST, WebhookRules::statuses);

    private final WebClientProvider http;

    public WebhookExecutor(WebClientProvider http) {
        this.http = http;
    }

    @Override
    public Set<String> types() {
        return Set.of("webhook");
    }

    @Override
    public ParamSchema schema(String type) {
        return SCHEMA;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        JsonNode p = task.params();
        String url = p.get("url").asText();
        HttpMethod method = HttpMethod.valueOf(p.path("method").asText("POST").toUpperCase(Locale.ROOT));
        HttpRequest<Buffer> request = http.client().requestAbs(method, url);
        p.path("headers").fields().forEachRemaining(h -> request.putHeader(h.getKey(), h.getValue().asText()));
        JsonNode body = p.get("body");
        Buffer payload = null;
        if (body != null && !body.isNull()) {
            if (body.isTextual()) {
                payload = Buffer.buffer(body.asText());
            } else {
                payload = Buffer.buffer(body.toString());
                if (!request.headers().contains("Content-Type")) {
                    request.putHeader("Content-Type", "application/json");
                }
            }
        }
        Set<Integer> expected = new HashSet<>();
        p.path("expectedStatus").forEach(s -> expected.add(s.asInt()));
        context.progress(null, method + " " + url);
        context.log(method + " " + url);
        Uni<HttpResponse<Buffer>> call = payload == null ? request.send() : request.sendBuffer(payload);
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

    private static TaskOutcome outcome(HttpResponse<Buffer> response, Set<Integer> expected,
            ExecutionContext context) {
        int status = response.statusCode();
        context.log("HTTP " + status);
        String text = response.body() == null ? "" : response.bodyAsString();
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
