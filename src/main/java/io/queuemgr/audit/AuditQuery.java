package io.queuemgr.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The audit trail as PostgreSQL keeps it: newest first, filtered, a page at a time. */
@Singleton
public class AuditQuery {

    /** What a listing asks for; every field is optional. {@code since} is inclusive, {@code until} exclusive. */
    public record Filter(String principal, String action, String target, Instant since, Instant until) {
    }

    private final Pool pool;

    public AuditQuery(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} entries older than {@code before} (all when null), and the cursor of the next page. */
    public Uni<AuditPage> page(Filter f, AuditCursor before, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, at, principal, action, target, details FROM audit_log WHERE true");
        Tuple args = Tuple.tuple();
        equal(sql, args, "principal", f.principal());
        equal(sql, args, "action", f.action());
        equal(sql, args, "target", f.target());
        if (f.since() != null) {
            args.addOffsetDateTime(f.since().atOffset(ZoneOffset.UTC));
            sql.append(" AND at >= $").append(args.size());
        }
        if (f.until() != null) {
            args.addOffsetDateTime(f.until().atOffset(ZoneOffset.UTC));
            sql.append(" AND at < $").append(args.size());
        }
        if (before != null) {
            args.addOffsetDateTime(before.at().atOffset(ZoneOffset.UTC)).addUUID(before.id());
            sql.append(" AND (at, id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(")");
        }
        // One more than asked tells whether another page follows, without a count.
        args.addInteger(limit + 1);
        sql.append(" ORDER BY at DESC, id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<AuditEvent> items = new ArrayList<>();
            rows.forEach(r -> items.add(event(r)));
            if (items.size() <= limit) {
                return new AuditPage(items, null);
            }
            List<AuditEvent> page = items.subList(0, limit);
            return new AuditPage(List.copyOf(page), AuditCursor.after(page.get(limit - 1)).encode());
        });
    }

    private static void equal(StringBuilder sql, Tuple args, String column, String value) {
        if (value != null) {
            args.addString(value);
            sql.append(" AND ").append(column).append(" = $").append(args.size());
        }
    }

    private static AuditEvent event(Row r) {
        JsonObject json = r.getJsonObject("details");
        Map<String, String> details = new LinkedHashMap<>();
        if (json != null) {
            json.forEach(e -> details.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return new AuditEvent(r.getUUID("id"), r.getOffsetDateTime("at").toInstant(), r.getString("principal"),
                r.getString("action"), r.getString("target"), details);
    }
}
