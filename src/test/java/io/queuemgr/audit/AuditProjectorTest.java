package io.queuemgr.audit;

import static io.queuemgr.audit.AuditTrailTest.awaitCount;
import static io.queuemgr.audit.AuditTrailTest.event;
import static io.queuemgr.audit.AuditTrailTest.ids;
import static io.queuemgr.audit.AuditTrailTest.uniquePrincipal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The projector writes each event once, survives bad records and outages, and old rows are swept. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AuditProjectorTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    AuditTrail trail;

    @Inject
    AuditLogWriter writer;

    @Inject
    AuditRetention retention;

    @Inject
    LoopSupervisor supervisor;

    @Inject
    KafkaClients clients;

    @Inject
    Topics topics;

    @Inject
    Pool pool;

    @AfterEach
    void mendTheProjector() {
        supervisor.clearFault("audit-projector");
    }

    @Test
    void anEventReplayedIsStillOneRow() {
        String target = "queue-" + UUID.randomUUID();
        AuditEvent event = AuditEvent.of(Instant.now(), uniquePrincipal(), AuditActions.QUEUE_CREATE, target, Map.of());
        trail.record(event).await().atMost(WITHIN);
        trail.record(event).await().atMost(WITHIN);
        // Same target, same partition: once this one is in, both copies before it have been projected.
        AuditEvent marker = AuditEvent.of(Instant.now(), event.principal(), AuditActions.QUEUE_DELETE, target,
                Map.of());
        trail.record(marker).await().atMost(WITHIN);
        awaitCount("target=" + target, 2);

        // A replay of the topic from the start writes the same events again: nothing changes.
        AuditEvent rewritten = new AuditEvent(event.id(), event.at(), "someone-else", event.action(), target,
                Map.of("changed", "yes"));
        writer.insert(List.of(rewritten, marker)).await().atMost(WITHIN);

        assertThat(rows(event.id())).isEqualTo(1);
        JsonPath page = AuditTrailTest.trail("target=" + target);
        assertThat(page.getList("items.id")).containsExactly(marker.id().toString(), event.id().toString());
        assertThat(page.getString("items[1].principal")).isEqualTo(event.principal());
        assertThat(page.getMap("items[1].details")).isEmpty();
    }

    @Test
    void anUnreadableRecordOrATextPostgresRefusesDoesNotStopTheProjector() throws Exception {
        String target = "token-" + UUID.randomUUID();
        clients.producer().send(new ProducerRecord<>(topics.audit(), target,
                "not an audit event".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        // Valid JSON from another producer, with a NUL (which PostgreSQL text refuses) and an unpaired surrogate.
        String foreign = """
                {"id":"%s","at":"%s","principal":"eve\\u0000il","action":"token.revoke","target":"%s",
                 "details":{"why\\u0000":"\\ud800"}}""".formatted(UUID.randomUUID(), Instant.now(), target);
        clients.producer().send(new ProducerRecord<>(topics.audit(), target,
                foreign.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        trail.record(uniquePrincipal(), AuditActions.TOKEN_CREATE, target, Map.of()).await().atMost(WITHIN);

        JsonPath page = awaitCount("target=" + target, 2);
        assertThat(page.getString("items[1].principal")).isEqualTo("eve\ufffdil");
        assertThat(page.getMap("items[1].details")).containsExactly(Map.entry("why\ufffd", "\ufffd"));
    }

    @Test
    void eventsRecordedWhileTheProjectorFailsArriveOnceItRecovers() {
        supervisor.injectFault("audit-projector", new IllegalStateException("fault injected into audit-projector"));
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
            var ready = given().get("/q/health/ready");
            return ready.statusCode() == 503 && ready.asString().contains("audit-projector");
        });
        String principal = uniquePrincipal();
        trail.record(principal, AuditActions.TASK_RETRY, UUID.randomUUID().toString(), Map.of())
                .await().atMost(WITHIN);

        supervisor.clearFault("audit-projector");

        awaitCount("principal=" + principal, 1);
        await().atMost(WITHIN).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void rowsPastTheRetentionAreSweptAndAReplayDoesNotBringThemBack() {
        String principal = uniquePrincipal();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditEvent old = event(now.minus(Duration.ofDays(100)), principal, AuditActions.TASK_DELETE, "t-old",
                Map.of());
        AuditEvent recent = event(now.minus(Duration.ofDays(1)), principal, AuditActions.TASK_DELETE, "t-recent",
                Map.of());
        insertDirectly(old);
        insertDirectly(recent);

        assertThat(retention.sweep(now.minus(Duration.ofDays(90)))).isGreaterThanOrEqualTo(1);
        assertThat(ids("principal=" + principal)).containsExactly(recent.id().toString());

        // The old event comes by on the topic again (a replay): the projector leaves it out.
        trail.record(old).await().atMost(WITHIN);
        AuditEvent marker = AuditEvent.of(Instant.now(), principal, AuditActions.TASK_DELETE, "t-old", Map.of());
        trail.record(marker).await().atMost(WITHIN);
        awaitCount("principal=" + principal + "&target=t-old", 1);
        assertThat(rows(old.id())).isZero();
    }

    private void insertDirectly(AuditEvent e) {
        pool.preparedQuery("INSERT INTO audit_log (id, at, principal, action, target) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(e.id(), e.at().atOffset(ZoneOffset.UTC), e.principal(), e.action(), e.target()))
                .await().atMost(WITHIN);
    }

    private long rows(UUID id) {
        return pool.preparedQuery("SELECT count(*) AS n FROM audit_log WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(WITHIN).iterator().next().getLong("n");
    }
}
