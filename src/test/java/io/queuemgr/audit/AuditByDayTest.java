package io.queuemgr.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.queuemgr.config.DayPartitions;
import io.queuemgr.testing.MovableClock;
import io.queuemgr.testing.PrivateDatabase;
import io.queuemgr.testing.TestSupervisors;

/**
 * The audit trail kept in one partition per day of its events, against the test stack's real PostgreSQL, in a
 * database of its own (dropping days would take other tests' rows).
 */
class AuditByDayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofDays(90);

    /** A year well ahead: days no partition of today's date reaches. */
    private static final LocalDate FUTURE = LocalDate.now(ZoneOffset.UTC).plusYears(5).withDayOfYear(1);

    private final MovableClock clock = new MovableClock(at(104, 12));
    private PrivateDatabase db;
    private AuditPartitions partitions;
    private AuditLogWriter writer;
    private AuditQuery query;
    private AuditRetention retention;

    @BeforeEach
    void database() {
        db = new PrivateDatabase();
        AuditConfig config = new AuditConfig() {
            @Override
            public Duration retention() {
                return RETENTION;
            }

            @Override
            public Duration sweepInterval() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration lockTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int sweepBatch() {
                return 2;
            }

            @Override
            public Duration sweepStatementTimeout() {
                return WAIT;
            }
        };
        partitions = new AuditPartitions(db.pool(), config);
        writer = new AuditLogWriter(db.pool(), partitions);
        query = new AuditQuery(db.pool());
        retention = new AuditRetention(db.pool(), partitions, config, TestSupervisors.quick(3), clock);
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void aDayOfEventsIsDroppedWholeOnceAllOfItIsPastTheRetention() {
        db.migrate(null);
        AuditEvent january = event(at(9, 8), "jan");
        AuditEvent march = event(at(59, 8), "mar");
        writer.insert(List.of(january, march)).await().atMost(WAIT);
        // A replay of the topic brings the same event again.
        writer.insert(List.of(march)).await().atMost(WAIT);
        assertThat(targets()).containsExactly("mar", "jan");

        long deletedOneByOne = retention.sweep(clock.instant().minus(RETENTION));

        assertThat(deletedOneByOne).isZero();
        assertThat(targets()).containsExactly("mar");
        // The rows from before days went with their partition, January with its day; the sweep made the coming days.
        assertThat(names()).containsExactly(dayName(59), dayName(104), dayName(105), dayName(106));
    }

    @Test
    void rowsFromBeforeTheTrailWasPartitionedLeaveAsTheyPassTheRetention() {
        db.migrate("7");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        clock.set(now);
        for (String[] row : List.of(new String[]{"old-1", "100"}, new String[]{"old-2", "95"},
                new String[]{"old-3", "91"}, new String[]{"recent", "1"})) {
            Instant at = now.minus(Duration.ofDays(Long.parseLong(row[1])));
            db.execute("INSERT INTO audit_log (id, at, principal, action, target) VALUES (gen_random_uuid(), '" + at
                    + "', 'ops', 'task.delete', '" + row[0] + "')");
        }
        db.migrate(null);

        // Three rows older than the retention, deleted two per statement; the partition stays for the recent one.
        assertThat(retention.sweep(now.minus(RETENTION))).isEqualTo(3);
        assertThat(targets()).containsExactly("recent");
        assertThat(names()).anyMatch(n -> n.startsWith("audit_log_until_d"));
    }

    private List<String> targets() {
        return query.page(new AuditQuery.Filter(null, null, null, null, null), null, 100).await().atMost(WAIT)
                .items().stream().map(AuditEvent::target).toList();
    }

    private List<String> names() {
        return partitions.days().list().await().atMost(WAIT).stream().map(DayPartitions.Partition::name).toList();
    }

    private static Instant at(int day, int hour) {
        return FUTURE.plusDays(day).atStartOfDay(ZoneOffset.UTC).plusHours(hour).toInstant();
    }

    private static String dayName(int day) {
        return "audit_log_d" + FUTURE.plusDays(day).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static AuditEvent event(Instant at, String target) {
        return AuditEvent.of(at, "ops", AuditActions.TASK_DELETE, target, Map.of());
    }
}
