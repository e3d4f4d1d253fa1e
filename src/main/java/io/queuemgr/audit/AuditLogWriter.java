package io.queuemgr.audit;

import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Inserts audit events in batches, one round trip each. An event already there is left alone, so a replay of the
 * topic, or two projectors at once, adds nothing.
 */
@Singleton
public class AuditLogWriter {

    private static final String INSERT = """
            INSERT INTO audit_log (id, at, principal, action, target, details)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO NOTHING
            """;

    private final Pool pool;

    public AuditLogWriter(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream().map(AuditLogWriter::row).toList();
        return pool.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    private static Tuple row(AuditEvent e) {
        JsonObject details = new JsonObject();
        e.details().forEach(details::put);
        // The event's own texts are storable already (see AuditEvent).
        return Tuple.tuple()
                .addUUID(e.id())
                .addOffsetDateTime(e.at().atOffset(ZoneOffset.UTC))
                .addString(e.principal())
                .addString(e.action())
                .addString(e.target())
                .addValue(details);
    }
}
