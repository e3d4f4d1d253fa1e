package io.queuemgr.audit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.queuemgr.config.DayPartitions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Inserts audit events in batches, one round trip each, into the partitions of their days (made when missing). An
 * event already there is left alone, so a replay of the topic, or two projectors at once, adds nothing.
 */
@Singleton
public class AuditLogWriter {

    private static final String INSERT = """
            INSERT INTO audit_log (id, at, principal, action, target, details)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::json[])
            ON CONFLICT (id, at) DO NOTHING
            """;

    private final Pool pool;
    private final AuditPartitions partitions;

    public AuditLogWriter(Pool pool, AuditPartitions partitions) {
        this.pool = pool;
        this.partitions = partitions;
    }

    public Uni<Void> insert(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One statement over arrays rather than a statement per row: a poll's events cost PostgreSQL one plan and one
        // executor run (a submission burst writes thousands per second).
        int n = events.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] ats = new OffsetDateTime[n];
        String[] principals = new String[n];
        String[] actions = new String[n];
        String[] targets = new String[n];
        JsonObject[] details = new JsonObject[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            ids[i] = e.id();
            ats[i] = e.at().atOffset(ZoneOffset.UTC);
            principals[i] = e.principal();
            actions[i] = e.action();
            targets[i] = e.target();
            details[i] = new JsonObject(new java.util.LinkedHashMap<String, Object>(e.details()));
        }
        Tuple rows = Tuple.tuple().addArrayOfUUID(ids).addArrayOfOffsetDateTime(ats).addArrayOfString(principals)
                .addArrayOfString(actions).addArrayOfString(targets).addArrayOfJsonObject(details);
        Set<LocalDate> days = new HashSet<>();
        events.forEach(e -> days.add(DayPartitions.dayOf(e.at())));
        return partitions.days().writeInto(days, () -> pool.preparedQuery(INSERT).execute(rows));
    }
}
