package io.queuemgr.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.error.ApiException;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.SendThreadProbe;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** Recorded mutations show up in GET /api/audit, filtered and a page at a time. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AuditTrailTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    AuditTrail trail;

    @Inject
    Vertx vertx;

    @Test
    void aRecordedMutationShowsUpWithWhoWhatWhenAndDetails() {
        String principal = uniquePrincipal();
        String task = UUID.randomUUID().toString();
        Instant before = Instant.now().minusSeconds(1);
        trail.record(principal, AuditActions.TASK_SUBMIT, task,
                AuditDetails.accepted(AuditDetails.QUEUE, "default", AuditDetails.TYPE, "noop"))
                .await().atMost(WITHIN);

        JsonPath page = awaitCount("principal=" + principal, 1);
        assertThat(page.getString("items[0].principal")).isEqualTo(principal);
        assertThat(page.getString("items[0].action")).isEqualTo("task.submit");
        assertThat(page.getString("items[0].target")).isEqualTo(task);
        assertThat(Instant.parse(page.getString("items[0].at"))).isBetween(before, Instant.now());
        assertThat(page.getMap("items[0].details")).containsOnly(Map.entry("outcome", "accepted"),
                Map.entry("queue", "default"), Map.entry("type", "noop"));
        assertThat(UUID.fromString(page.getString("items[0].id"))).isNotNull();
        assertThat(page.getString("next")).isNull();
    }

    @Test
    void filtersOnPrincipalActionTargetAndTimeCombine() {
        String principal = uniquePrincipal();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditEvent create = event(t0, principal, AuditActions.QUEUE_CREATE, "q-audit", Map.of());
        AuditEvent change = event(t0.plusSeconds(1), principal, AuditActions.QUEUE_CHANGE, "q-audit",
                Map.of("paused", "true"));
        AuditEvent refused = event(t0.plusSeconds(2), principal, AuditActions.TASK_CANCEL, "t-1",
                AuditDetails.refused("the task has finished"));
        AuditEvent later = event(t0.plusSeconds(60), principal, AuditActions.QUEUE_DELETE, "q-audit", Map.of());
        trail.recordAll(List.of(create, change, refused, later)).await().atMost(WITHIN);
        awaitCount("principal=" + principal, 4);

        assertThat(ids("principal=" + principal + "&action=queue.change")).containsExactly(change.id().toString());
        assertThat(ids("principal=" + principal + "&target=q-audit")).containsExactly(later.id().toString(),
                change.id().toString(), create.id().toString());
        assertThat(ids("principal=" + principal + "&target=q-audit&since=" + change.at() + "&until=" + later.at()))
                .containsExactly(change.id().toString());
        assertThat(ids("principal=" + principal + "&since=" + later.at())).containsExactly(later.id().toString());
        JsonPath cancel = trail("principal=" + principal + "&action=task.cancel");
        assertThat(cancel.getMap("items[0].details")).containsEntry("outcome", "refused")
                .containsEntry("reason", "the task has finished");
        assertThat(ids("principal=" + principal + "&action=token.revoke")).isEmpty();
    }

    @Test
    void pagesFollowTheCursorNewestFirstWithoutRepeatsOrGaps() {
        String principal = uniquePrincipal();
        List<AuditEvent> events = new ArrayList<>();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < 5; i++) {
            // Two events share each instant: the id orders them, and a page boundary between them loses neither.
            events.add(event(start.plusSeconds(i / 2), principal, AuditActions.TASK_PAUSE, "task-" + i, Map.of()));
        }
        trail.recordAll(events).await().atMost(WITHIN);
        awaitCount("principal=" + principal, 5);

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonPath page = trail("principal=" + principal + "&limit=2" + (next == null ? "" : "&before=" + next));
            seen.addAll(page.getList("items.id"));
            next = page.getString("next");
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(3);
        // PostgreSQL orders uuids by their bytes, as their hex text sorts.
        List<String> newestFirst = events.stream().sorted(Comparator.comparing(AuditEvent::at)
                .thenComparing(e -> e.id().toString()).reversed()).map(e -> e.id().toString()).toList();
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aBatchOfAThousandEventsIsRecordedWithOneCompletion() {
        String principal = uniquePrincipal();
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(AuditEvent.of(Instant.now(), principal, AuditActions.TASK_SUBMIT, UUID.randomUUID().toString(),
                    AuditDetails.accepted(AuditDetails.QUEUE, "default")));
        }
        trail.recordAll(batch).await().atMost(WITHIN);

        await().atMost(WITHIN).untilAsserted(() -> assertThat(ids("principal=" + principal + "&limit=1000"))
                .hasSize(1000));
        assertThat(trail("principal=" + principal + "&limit=1000").getString("next")).isNull();
    }

    @Test
    void recordingOnAnEventLoopSendsFromAWorkerThread() {
        String principal = uniquePrincipal();
        int onLoopBefore = SendThreadProbe.sendsOnEventLoop();
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> trail
                .record(principal, AuditActions.TOKEN_CREATE, "ci-token", Map.of("role", "submitter"))
                .subscribe().with(done::complete, done::completeExceptionally));
        done.orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(SendThreadProbe.sendsOnEventLoop()).isEqualTo(onLoopBefore);
        awaitCount("principal=" + principal + "&target=ci-token", 1);
    }

    @Test
    void aMutationRecordsWhetherItWasAcceptedOrRefusedAndKeepsItsOwnAnswer() {
        String principal = uniquePrincipal();
        String answer = trail.recordOutcome(principal, AuditActions.QUEUE_CHANGE, "q-outcome",
                Uni.createFrom().item("changed"), result -> Map.of("result", result)).await().atMost(WITHIN);
        assertThat(answer).isEqualTo("changed");

        Uni<String> refusedChange = Uni.createFrom().failure(ApiException.conflict("queue-busy", "the queue is busy"));
        assertThatThrownBy(() -> trail.recordOutcome(principal, AuditActions.QUEUE_DELETE, "q-outcome",
                refusedChange, result -> Map.of()).await().atMost(WITHIN))
                .isInstanceOf(ApiException.class).hasMessage("the queue is busy");

        JsonPath page = awaitCount("principal=" + principal, 2);
        assertThat(page.getString("items[0].action")).isEqualTo("queue.delete");
        assertThat(page.getMap("items[0].details")).containsOnly(Map.entry("outcome", "refused"),
                Map.entry("reason", "the queue is busy"));
        assertThat(page.getMap("items[1].details")).containsOnly(Map.entry("outcome", "accepted"),
                Map.entry("result", "changed"));
    }

    @Test
    void theOpenApiDocumentDescribesTheListing() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/audit'.get.parameters.name", hasItems("principal", "action", "target", "since",
                        "until", "limit", "before"));
    }

    static AuditEvent event(Instant at, String principal, String action, String target,
            Map<String, String> details) {
        return new AuditEvent(UUID.randomUUID(), at, principal, action, target, details);
    }

    static String uniquePrincipal() {
        return "auditor-" + UUID.randomUUID();
    }

    static JsonPath trail(String query) {
        return given().get("/api/audit?" + query).then().statusCode(200).extract().jsonPath();
    }

    static List<String> ids(String query) {
        return trail(query).getList("items.id");
    }

    /** Waits until the projector has written the expected number of events for the query. */
    static JsonPath awaitCount(String query, int n) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> trail(query).getList("items").size() >= n);
        JsonPath page = trail(query);
        assertThat(page.getList("items")).hasSize(n);
        return page;
    }
}
