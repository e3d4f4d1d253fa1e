package io.queuemgr.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.error.Problem;
import io.queuemgr.submission.BulkConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a body over the configured size before it is read, with a problem details answer instead of the HTTP
 * layer's bare 413.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Where many submissions come in one body, under their own limit. */
    static final String BULK_PATH = "/api/tasks/bulk";

    private final long maxBytes;
    private final long maxBulkBytes;
    private final ObjectMapper mapper;

    public BodySizeLimit(QueuemgrConfig config, BulkConfig bulk, ObjectMapper mapper) {
        this.maxBytes = config.submission().maxBodyBytes();
        this.maxBulkBytes = bulk.maxBodyBytes();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long limit = BULK_PATH.equals(ctx.request().path()) ? maxBulkBytes : maxBytes;
            if (length != null && isOver(length, limit)) {
                Problem problem = new Problem("/problems/body-too-large", "Payload too large", 413,
                        "The request body is larger than " + limit + " bytes", ctx.request().path(),
                        java.util.List.of());
                try {
                    ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(mapper.writeValueAsString(problem));
                } catch (JsonProcessingException e) {
                    ctx.fail(e);
                }
                return;
            }
            ctx.next();
        });
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
